package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.TaskRejectedException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code knitting.max-queued}, {@code knitting.queue-timeout-ms} and {@code @Task(queueTimeoutMs)} through the
 * Quarkus layer: a full pool rejects at once, a call that waits past its deadline is rejected, neither runs.
 */
class OverloadConfigTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class))
            .overrideConfigKey("knitting.max-queued", "2")
            .overrideConfigKey("knitting.queue-timeout-ms", "60000");

    static class Work {
        static volatile CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch holding = new CountDownLatch(1);

        @Task
        Uni<String> hold() throws InterruptedException {
            holding.countDown();
            release.await();
            return Uni.createFrom().item("held");
        }

        @Task
        Uni<String> quick(String s) {
            return Uni.createFrom().item(s);
        }

        @Task(queueTimeoutMs = 50)
        Uni<String> hasty(String s) {
            return Uni.createFrom().item(s);
        }
    }

    @Inject
    Work work;

    @Inject
    KnittingPool pool;

    @AfterEach
    void release() {
        Work.release.countDown();
    }

    @Test
    void aFullPoolRejectsAtOnceAndAQueueDeadlineRejectsAWaitingCall() throws Exception {
        CompletableFuture<String> held = work.hold().subscribeAsCompletionStage();
        assertThat(Work.holding.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<String> hasty = work.hasty("late").subscribeAsCompletionStage();
        CompletableFuture<String> queued = work.quick("queued").subscribeAsCompletionStage();
        Throwable full = work.quick("over the bound").onItemOrFailure().transform((item, failure) -> failure)
                .await().atMost(WAIT);
        assertThat(full).isInstanceOfSatisfying(TaskRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(TaskRejectedException.Reason.QUEUE_FULL);
            assertThat(e.getMessage()).contains("'default'", "2 calls", "max-queued", "quick");
        });

        assertThat(hasty).failsWithin(WAIT).withThrowableOfType(Exception.class).havingCause()
                .isInstanceOfSatisfying(TaskRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(TaskRejectedException.Reason.QUEUE_TIMEOUT));
        assertThat(queued).isNotDone(); // the pool's 60 s deadline has not passed

        Work.release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
        assertThat(pool.stats().rejected()).isEqualTo(2);
    }
}
