package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** A negative stop budget used to be taken as none at all; it fails the startup, naming the key and the value. */
class InvalidShutdownTimeoutTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsWith("knitting.shutdown-timeout", "-1s",
            "knitting.shutdown-timeout=PT-1S is invalid: allowed is a duration >= 0");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
