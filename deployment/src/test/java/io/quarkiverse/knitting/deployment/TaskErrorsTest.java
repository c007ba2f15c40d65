package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.ExitBlockedException;
import io.quarkiverse.knitting.KnittingException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** Errors and exit calls in task code fail the call; the lane keeps serving. */
class TaskErrorsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Dangerous.class));

    static class Dangerous {
        @Task
        Uni<Integer> recurse(int depth) {
            return Uni.createFrom().item(depth(depth));
        }

        @Task
        Uni<Integer> hugeArray() {
            long[] tooBig = new long[Integer.MAX_VALUE - 8]; // the JVM refuses it at once: a real OutOfMemoryError
            return Uni.createFrom().item(tooBig.length);
        }

        @Task
        Uni<String> exit() {
            System.exit(3);
            return Uni.createFrom().item("still here");
        }

        @Task
        Uni<String> halt() {
            Runtime.getRuntime().halt(4);
            return Uni.createFrom().item("still here");
        }

        @Task
        Uni<String> runtimeExit() {
            Runtime.getRuntime().exit(5);
            return Uni.createFrom().item("still here");
        }

        @Task
        Uni<String> where() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }

        private static int depth(int n) {
            return n == 0 ? 0 : 1 + depth(n - 1);
        }
    }

    @Inject
    Dangerous dangerous;

    @Inject
    KnittingPool pool;

    private static Throwable failureOf(Uni<?> call) {
        return call.onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT);
    }

    @Test
    void aStackOverflowFailsTheCallAndTheLaneKeepsServing() {
        assertThat(failureOf(dangerous.recurse(Integer.MAX_VALUE))).isInstanceOf(StackOverflowError.class);
        assertThat(dangerous.where().await().atMost(WAIT)).isEqualTo("knitting-default-0");
    }

    @Test
    void anOutOfMemoryErrorFailsTheCallAndTheLaneKeepsServing() {
        assertThat(failureOf(dangerous.hugeArray())).isInstanceOf(OutOfMemoryError.class);
        assertThat(dangerous.where().await().atMost(WAIT)).isEqualTo("knitting-default-0");
        assertThat(pool.stats().generation()).isZero();
    }

    @Test
    void systemExitInTaskCodeFailsTheCallUnderStrictPermission() {
        assertThat(failureOf(dangerous.exit()))
                .isInstanceOf(KnittingException.class)
                .hasMessageContaining("System.exit(3) was blocked")
                .isInstanceOf(ExitBlockedException.class)
                .satisfies(e -> assertThat(((KnittingException) e).code()).isEqualTo(ExitBlockedException.CODE));
    }

    @Test
    void runtimeHaltAndExitAreBlockedToo() {
        assertThat(failureOf(dangerous.halt())).hasMessageContaining("Runtime.halt(4) was blocked");
        assertThat(failureOf(dangerous.runtimeExit())).hasMessageContaining("Runtime.exit(5) was blocked");
        assertThat(dangerous.where().await().atMost(WAIT)).isEqualTo("knitting-default-0");
    }
}
