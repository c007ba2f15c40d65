package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** Every invalid @Task method is reported in one build failure that names the method and what is allowed. */
class InvalidTaskMethodsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Invalid.class))
            .assertException(failure -> assertThat(BuildProblems.of(failure)).containsExactlyInAnyOrder(
                    Invalid.class.getName() + "#plain(int) returns java.lang.String: a @Task method must return Uni, "
                            + "CompletionStage or CompletableFuture",
                    Invalid.class.getName() + "#shared() is static: a @Task method must be an instance method of a "
                            + "bean",
                    Invalid.class.getName() + "#neverQueued(int) has @Task(queueTimeoutMs = 0): allowed are a "
                            + "positive number of milliseconds, or a negative one (the default) for the pool's "
                            + "queue-timeout-ms"));

    static class Invalid {
        @Task
        String plain(int n) {
            return "not async";
        }

        @Task
        static CompletionStage<String> shared() {
            return null;
        }

        @Task(queueTimeoutMs = 0)
        Uni<Integer> neverQueued(int n) {
            return Uni.createFrom().item(n);
        }
    }

    @Test
    void theBuildFails() {
        // the assertion is in assertException
    }
}
