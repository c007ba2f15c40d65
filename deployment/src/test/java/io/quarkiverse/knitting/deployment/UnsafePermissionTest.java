package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.runtime.ExitGuard;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Under {@code permission=unsafe} the guard lets exits through; it guards only tasks, each with its own pool's
 * permission. Exiting would end the test JVM, so the test asks
 * the guard's decision from a lane of each pool instead of calling {@code System.exit}.
 */
class UnsafePermissionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Probe.class))
            .overrideConfigKey("knitting.\"unsafe\".permission", "unsafe")
            .overrideConfigKey("knitting.\"inline-unsafe\".permission", "unsafe")
            .overrideConfigKey("knitting.\"inline-unsafe\".inliner.enabled", "true")
            .overrideConfigKey("knitting.\"inline-unsafe\".inliner.position", "first")
            .overrideConfigKey("knitting.\"inline-unsafe\".balancer", "first-idle");

    /** Where the guard was asked, and what it decided. */
    record Decision(String thread, boolean blocked) {
    }

    static class Probe {
        @Task(pool = "unsafe")
        Uni<Boolean> blockedOnUnsafe() {
            return Uni.createFrom().item(ExitGuard.blocksExit());
        }

        @Task
        Uni<Boolean> blockedOnDefault() {
            return Uni.createFrom().item(ExitGuard.blocksExit());
        }

        @Task(pool = "inline-unsafe")
        Uni<Decision> blockedInlineOnUnsafe() {
            return Uni.createFrom().item(new Decision(Thread.currentThread().getName(), ExitGuard.blocksExit()));
        }

        /** Not a task: code outside a task, such as a main method, in a class that has tasks. */
        boolean blockedOutsideATask() {
            return ExitGuard.blocksExit();
        }
    }

    @Inject
    Probe probe;

    @Test
    void anUnsafePoolLetsExitsThrough() {
        assertThat(probe.blockedOnUnsafe().await().atMost(WAIT)).isFalse();
    }

    @Test
    void anInlineCallIsGuardedWithItsOwnPoolsPermission() {
        Decision decision = probe.blockedInlineOnUnsafe().await().atMost(WAIT);

        assertThat(decision.thread()).as("ran inline, on the caller's thread").isEqualTo(Thread.currentThread().getName());
        assertThat(decision.blocked()).isFalse();
    }

    @Test
    void codeOutsideATaskIsNotGuarded() {
        assertThat(probe.blockedOutsideATask()).isFalse();
    }

    @Test
    void theStrictDefaultStillBlocks() {
        assertThat(probe.blockedOnDefault().await().atMost(WAIT)).isTrue();
    }
}
