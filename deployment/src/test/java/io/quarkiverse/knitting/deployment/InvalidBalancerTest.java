package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidBalancerTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.conversionFailsWith("knitting.balancer", "fastest",
            "SRCFG00049: Cannot convert fastest to enum class io.quarkiverse.knitting.Balancer, allowed values: "
                    + "round-robin,robin-round,first-idle-or-random,first-idle,random-lane");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
