package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import kotlin.coroutines.Continuation;

/** A Kotlin suspend fun annotated @Task fails the build with a message that says suspend functions are not supported. */
class KotlinSuspendTaskTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Suspending.class, Continuation.class))
            .assertException(failure -> assertThat(BuildProblems.of(failure)).containsExactly(
                    Suspending.class.getName() + "#compute(int, Continuation) is a Kotlin suspend function: suspend "
                            + "functions are not supported as @Task methods; declare a plain fun that returns Uni<T>, "
                            + "CompletionStage<T> or CompletableFuture<T>"));

    /** What the Kotlin compiler makes of {@code @Task suspend fun compute(n: Int): Int}. */
    static class Suspending {
        @Task
        Object compute(int n, Continuation<? super Integer> continuation) {
            return n;
        }
    }

    @Test
    void theBuildFails() {
        // the assertion is in assertException
    }
}
