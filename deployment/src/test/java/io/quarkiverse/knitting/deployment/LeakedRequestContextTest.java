package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** {@link LeakedRequestContextChecks} in an application with Context Propagation, as Fault Tolerance brings it. */
class LeakedRequestContextTest extends LeakedRequestContextChecks {

    @RegisterExtension
    static final QuarkusUnitTest TEST = application();
}
