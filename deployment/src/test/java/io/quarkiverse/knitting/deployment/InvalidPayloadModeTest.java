package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidPayloadModeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.conversionFailsWith("knitting.payload.mode", "elastic",
            "SRCFG00049: Cannot convert elastic to enum class io.quarkiverse.knitting.PayloadMode, allowed values: "
                    + "fixed,growable");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
