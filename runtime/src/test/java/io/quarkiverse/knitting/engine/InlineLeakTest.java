package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/** A closed pool whose inline lane ran calls on a long-lived thread must not stay reachable from that thread. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InlineLeakTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int POOLS = 30;

    @Test
    void closedPoolsWhoseInlineLaneRanOnTheCallingThreadAreCollected() {
        Executor direct = Runnable::run; // runs the inline batches on this (long-lived) test thread
        List<WeakReference<KnittingPool>> pools = new ArrayList<>();
        for (int i = 0; i < POOLS; i++) {
            pools.add(runInlineCallsOnAFreshPool("inline-leak-direct-" + i, direct));
        }

        assertAllCollected(pools);
    }

    @Test
    void closedPoolsWhoseInlineLaneRanOnALongLivedExecutorAreCollected() {
        ExecutorService eventLoop = Executors.newSingleThreadExecutor();
        try {
            List<WeakReference<KnittingPool>> pools = new ArrayList<>();
            for (int i = 0; i < POOLS; i++) {
                pools.add(runInlineCallsOnAFreshPool("inline-leak-loop-" + i, eventLoop));
            }

            assertAllCollected(pools);
        } finally {
            eventLoop.shutdownNow();
        }
    }

    /** In a method of its own, so that no local variable of the test keeps the pool. */
    private static WeakReference<KnittingPool> runInlineCallsOnAFreshPool(String name, Executor executor) {
        KnittingPool pool = KnittingPool.builder().name(name).threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        try (pool) {
            TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
            for (int i = 0; i < 3; i++) {
                assertThat(plus.call(i, executor).await().atMost(WAIT)).isEqualTo(i + 1);
            }
            assertThat(pool.stats().completedPerLane()[0]).as("the inline lane ran the calls").isEqualTo(3);
        }
        assertThat(Threads.liveKnittingThreads(name)).isEmpty();
        return new WeakReference<>(pool);
    }

    private static void assertAllCollected(List<WeakReference<KnittingPool>> pools) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            System.gc();
            assertThat(pools.stream().filter(ref -> ref.get() != null).count()).as("pools still reachable")
                    .isZero();
        });
    }
}
