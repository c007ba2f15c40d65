package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidNamedPoolParkTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsWith("knitting.\"fast\".worker.timers.park-ms", "0",
            "knitting.\"fast\".worker.timers.park-ms=0 is invalid: allowed is an integer >= 1");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
