package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidBalancerTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.startupFailsWith("knitting.balancer", "fastest",
            "knitting.balancer=fastest is invalid: allowed are round-robin");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
