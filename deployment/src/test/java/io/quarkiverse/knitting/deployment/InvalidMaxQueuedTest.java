package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidMaxQueuedTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsWith("knitting.max-queued", "0",
            "knitting.max-queued=0 is invalid: allowed is an integer >= 1");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
