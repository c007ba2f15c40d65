package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * ArC already refuses interceptor bindings on private methods; with that check turned into a warning
 * ({@code quarkus.arc.fail-on-intercepted-private-method=false}), the extension's own validation still fails the
 * build.
 */
class PrivateTaskMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Hidden.class))
            .overrideConfigKey("quarkus.arc.fail-on-intercepted-private-method", "false")
            .assertException(failure -> assertThat(BuildProblems.of(failure)).containsExactly(
                    Hidden.class.getName() + "#secret() is private: a @Task method must be intercepted, so it must "
                            + "not be private"));

    static class Hidden {
        @Task
        private Uni<String> secret() {
            return Uni.createFrom().item("never dispatched");
        }
    }

    @Test
    void theBuildFails() {
        // the assertion is in assertException
    }
}
