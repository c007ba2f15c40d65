package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidThreadsWordTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = ConfigFailure.conversionFailsWith("knitting.threads", "many",
            "Invalid thread count 'many': allowed is an integer from 1 to 4096, or auto");

    @Test
    void startupFails() {
        // the assertion is in ConfigFailure
    }
}
