package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PayloadTooLargeException;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskTimeoutException;
import io.smallrye.mutiny.subscription.Cancellable;

/** At quiescence every call the pool saw is in exactly one outcome counter. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StatsIdentityTest extends PoolTestBase {

    @Test
    void everySubmittedCallIsCountedInExactlyOneOutcomeAndEveryStartedBodyInALane() throws Exception {
        pool = KnittingPool.builder().name("stats-identity").threads(1).maxPayloadBytes(64).abortSignalCapacity(1)
                .build();
        AtomicInteger bodies = new AtomicInteger();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        TaskRef<String, Integer> length = pool.register("length", s -> {
            bodies.incrementAndGet();
            return s.length();
        });
        TaskRef<Integer, Integer> boom = pool.register("boom", n -> {
            bodies.incrementAndGet();
            throw new IllegalArgumentException("boom " + n);
        });
        TaskRef<Integer, Integer> hold = pool.register("hold", TaskOptions.defaults().withAbortable(true), n -> {
            bodies.incrementAndGet();
            holding.countDown();
            gate.await();
            return n;
        });
        TaskRef<Integer, Integer> slow = pool.register("slow", TaskOptions.defaults().withTimeoutMs(50), n -> {
            bodies.incrementAndGet();
            return n;
        });

        for (int i = 0; i < 5; i++) { // 5 completed
            assertThat(length.call("x".repeat(i)).await().atMost(WAIT)).isEqualTo(i);
        }
        for (int i = 0; i < 3; i++) { // 3 failed
            int n = i;
            assertThatThrownBy(() -> boom.call(n).await().atMost(WAIT)).isInstanceOf(IllegalArgumentException.class);
        }
        for (int i = 0; i < 2; i++) { // 2 rejected: payload
            assertThatThrownBy(() -> length.call("x".repeat(1_000)).await().atMost(WAIT))
                    .isInstanceOf(PayloadTooLargeException.class);
        }
        CompletableFuture<Integer> held = hold.call(7).subscribeAsCompletionStage(); // holds the only abort slot
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> hold.call(8).await().atMost(WAIT)) // 1 rejected: abort capacity
                .isInstanceOf(AbortCapacityExceededException.class);
        for (int i = 0; i < 2; i++) { // 2 cancelled while queued behind the held call
            Cancellable queued = length.call("queued").subscribe().with(n -> {
            });
            queued.cancel();
        }
        assertThatThrownBy(() -> slow.call(1).await().atMost(WAIT)) // 1 failed: soft timeout while queued
                .isInstanceOf(TaskTimeoutException.class);
        gate.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(7); // 1 completed

        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
        PoolStats stats = pool.stats();

        assertThat(stats.completed()).as("completed").isEqualTo(6);
        assertThat(stats.failed()).as("failed").isEqualTo(4);
        assertThat(stats.cancelled()).as("cancelled").isEqualTo(2);
        assertThat(stats.rejected()).as("rejected").isEqualTo(3);
        assertThat(stats.submitted()).as("submitted = completed + failed + cancelled + rejected + inFlight")
                .isEqualTo(stats.completed() + stats.failed() + stats.cancelled() + stats.rejected()
                        + stats.inFlight());
        assertThat(Arrays.stream(stats.completedPerLane()).sum()).as("bodies run by the lanes").isEqualTo(bodies.get());
        assertThat(bodies).hasValue(9);
    }
}
