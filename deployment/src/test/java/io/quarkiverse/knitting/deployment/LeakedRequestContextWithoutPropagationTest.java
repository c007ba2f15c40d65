package io.quarkiverse.knitting.deployment;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * {@link LeakedRequestContextChecks} in an application without a {@code ThreadContext} bean, as one without the
 * Context Propagation extension is: the lane then activates the request context a caller off Vert.x hands over itself.
 */
class LeakedRequestContextWithoutPropagationTest extends LeakedRequestContextChecks {

    @RegisterExtension
    static final QuarkusUnitTest TEST = application().overrideConfigKey("quarkus.arc.exclude-types",
            "io.quarkus.smallrye.context.runtime.SmallRyeContextPropagationProvider");
}
