package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.spi.DeploymentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;

/** Every invalid @Task method is reported in one build failure that names the method and what is allowed. */
class InvalidTaskMethodsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Invalid.class))
            .assertException(failure -> {
                Throwable root = failure;
                while (!(root instanceof DeploymentException) && root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).isInstanceOf(DeploymentException.class);
                assertThat(failure).hasStackTraceContaining(Invalid.class.getName() + "#plain(int)")
                        .hasStackTraceContaining("returns java.lang.String: a @Task method must return Uni, "
                                + "CompletionStage or CompletableFuture")
                        .hasStackTraceContaining(Invalid.class.getName() + "#shared()")
                        .hasStackTraceContaining("is static: a @Task method must be an instance method of a bean");
            });

    static class Invalid {
        @Task
        String plain(int n) {
            return "not async";
        }

        @Task
        static CompletionStage<String> shared() {
            return null;
        }
    }

    @Test
    void theBuildFails() {
        // the assertion is in assertException
    }
}
