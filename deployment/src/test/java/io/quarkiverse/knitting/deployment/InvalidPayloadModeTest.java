package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidPayloadModeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsWith("knitting.payload.mode", "elastic",
            "knitting.payload.mode=elastic is invalid: allowed are growable, fixed");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
