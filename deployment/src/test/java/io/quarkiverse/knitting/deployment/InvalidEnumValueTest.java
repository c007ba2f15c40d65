package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** Enum-valued keys are converted by SmallRye Config, whose message names the key, the value and the choices. */
class InvalidEnumValueTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.conversionFailsWith("knitting.worker.hard-timeout-policy",
            "explode", "SRCFG00049: Cannot convert explode to enum class io.quarkiverse.knitting.HardTimeoutPolicy, "
                    + "allowed values: replace-lane,restart,shutdown");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
