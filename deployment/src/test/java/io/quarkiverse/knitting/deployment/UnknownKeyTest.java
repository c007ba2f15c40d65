package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** A typo under knitting.* is not ignored: SmallRye's unknown-key check fails startup. */
class UnknownKeyTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsMatching("knitting.thread", "2",
            "Configuration validation failed:\n\tSRCFG00050: knitting.thread in PropertiesConfigSource\\[source=[^\\]]+"
                    + "application.properties]:\\d+ does not map to any root");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
