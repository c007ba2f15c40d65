package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskRejectedException;

/** {@code queue-timeout-ms}: a call that waited in a queue past its deadline is rejected and never runs. */
class QueueTimeoutTest extends PoolTestBase {

    /**
     * The lane is held well past the 100 ms queue deadline. The held call itself runs to the end (a running call is
     * never rejected by the queue deadline); the five behind it are rejected with QUEUE_TIMEOUT and never run.
     */
    @Test
    void callsWaitingPastTheDeadlineAreRejectedAndNeverRun() throws Exception {
        pool = KnittingPool.builder().name("queue-wait").threads(1).queueTimeoutMs(100).build();
        CountDownLatch running = new CountDownLatch(1);
        TaskRef<Integer, Integer> holder = pool.register("holder", n -> {
            running.countDown();
            release.await();
            return n;
        });
        AtomicInteger ran = new AtomicInteger();
        TaskRef<Integer, Integer> counted = pool.register("counted", n -> {
            ran.incrementAndGet();
            return n;
        });
        CompletableFuture<Integer> held = holder.call(7).subscribeAsCompletionStage();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(counted.call(i).subscribeAsCompletionStage());
        }

        for (CompletableFuture<Integer> call : waiting) {
            assertThat(call).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOfSatisfying(TaskRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(TaskRejectedException.Reason.QUEUE_TIMEOUT);
                        assertThat(e.getMessage()).contains("counted", "100 ms", "queue-timeout-ms");
                    });
        }
        assertThat(held).isNotDone(); // the running call outlived the deadline and goes on
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(ran).hasValue(0);
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
        PoolStats stats = pool.stats();
        assertThat(stats.rejected()).isEqualTo(5);
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.submitted()).isEqualTo(6);
        assertThat(((Pool) pool).queued.count()).isZero();
    }

    /** A task's own queue deadline wins over the pool's; without either, a call waits as long as it takes. */
    @Test
    void aTaskDeadlineOverridesThePoolsAndNoneMeansNoLimit() throws Exception {
        pool = KnittingPool.builder().name("queue-wait-task").threads(1).build(); // no pool deadline
        CountDownLatch running = new CountDownLatch(1);
        TaskRef<Integer, Integer> holder = pool.register("holder", n -> {
            running.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> patient = pool.register("patient", n -> n);
        TaskRef<Integer, Integer> hasty = pool.register("hasty",
                new TaskOptions(-1, OnTimeout.FAIL, false, -1, 50), n -> n);
        CompletableFuture<Integer> held = holder.call(0).subscribeAsCompletionStage();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> patientCall = patient.call(1).subscribeAsCompletionStage();
        CompletableFuture<Integer> hastyCall = hasty.call(2).subscribeAsCompletionStage();

        assertThat(hastyCall).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TaskRejectedException.class);
        assertThat(patientCall).isNotDone();
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(patientCall.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
}
