package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidMaxPayloadTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsWith("knitting.payload.max-payload-bytes", "0",
            "knitting.payload.max-payload-bytes=0 is invalid: allowed is greater than 0 and at most payload.payload-max-byte-length >> 3 (8388608)");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
