package io.quarkiverse.knitting.deployment;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** Every invalid knitting.* value of every pool is reported in one startup failure, not one per attempt. */
class InvalidPoolsTogetherTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsWith(Map.of(
            "knitting.worker.timers.park-ms", "0",
            "knitting.\"fast\".inliner.batch-size", "0",
            "knitting.\"fast\".abort-signal-capacity", "0"),
            "Invalid knitting configuration:"
                    + "\n\tknitting.worker.timers.park-ms=0 is invalid: allowed is an integer >= 1"
                    + "\n\tknitting.\"fast\".inliner.batch-size=0 is invalid: allowed is an integer >= 1"
                    + "\n\tknitting.\"fast\".abort-signal-capacity=0 is invalid: allowed is an integer from 1 to 65536");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
