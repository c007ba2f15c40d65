package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** {@link OffVertxTracingContextChecks} in an application with Context Propagation. */
class OffVertxTracingContextTest extends OffVertxTracingContextChecks {

    @RegisterExtension
    static final QuarkusUnitTest TEST = application();
}
