package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** {@link OffVertxTracingContextChecks} in an application without a {@code ThreadContext} bean. */
class OffVertxTracingContextWithoutPropagationTest extends OffVertxTracingContextChecks {

    @RegisterExtension
    static final QuarkusUnitTest TEST = application().overrideConfigKey("quarkus.arc.exclude-types",
            "io.quarkus.smallrye.context.runtime.SmallRyeContextPropagationProvider");
}
