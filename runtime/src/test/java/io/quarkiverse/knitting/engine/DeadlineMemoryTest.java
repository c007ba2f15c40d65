package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;

/**
 * A call that is answered must not stay reachable from a deadline queue, even while an older call (ahead of it in
 * the queue) is still running. One call blocks for the whole test; a million short calls go by behind it.
 * <p>
 * The short calls run one after the other, each made from the previous one's answer: with the first-idle balancer
 * the idle lane is then always picked, so no short call ends up queued behind the blocked one (a fallback pick
 * would strand it there until the test ends).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlineMemoryTest extends PoolTestBase {

    private static final int WARM_UP = 50_000;
    private static final int CALLS = 1_000_000;
    private static final long MAX_GROWTH = 32L << 20;

    @Test
    void answeredCallsBehindABlockedOneAreNotRetainedByTheHardTimeout() throws Exception {
        pool = KnittingPool.builder().name("memory-hard").threads(2).balancer(Balancer.FIRST_IDLE)
                .hardTimeoutMs(60_000).build();
        assertGrowthStaysBounded(TaskOptions.defaults());
    }

    @Test
    void answeredCallsBehindABlockedOneAreNotRetainedByTheSoftTimeout() throws Exception {
        pool = KnittingPool.builder().name("memory-soft").threads(2).balancer(Balancer.FIRST_IDLE).build();
        assertGrowthStaysBounded(TaskOptions.defaults().withTimeoutMs(60_000));
    }

    private void assertGrowthStaysBounded(TaskOptions options) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        TaskRef<Integer, Integer> blocker = pool.register("blocker", options, n -> {
            started.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> plus = pool.register("plus", options, n -> n + 1);
        CompletableFuture<Integer> blocked = blocker.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        try {
            CallChain.run(plus, WARM_UP);
            long baseline = usedHeapAfterGc();
            CallChain.run(plus, CALLS);
            long growth = usedHeapAfterGc() - baseline;
            System.out.printf("heap after GC of pool '%s' grew by %d KiB over %d answered calls%n", pool.name(),
                    growth >> 10, CALLS);

            assertThat(growth).as("heap growth over %d answered calls (%d bytes/call)", CALLS, growth / CALLS)
                    .isLessThan(MAX_GROWTH);
        } catch (OutOfMemoryError e) {
            fail("ran out of heap: answered calls are retained", e);
        }
        assertThat(blocked).isNotDone();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50); // lets the collector settle; a reading, not a timing assertion
            min = Math.min(min, runtime.totalMemory() - runtime.freeMemory());
        }
        return min;
    }
}
