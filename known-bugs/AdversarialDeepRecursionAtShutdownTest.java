package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskRef;

/**
 * A body that recurses into its own pool in place during a graceful shutdown, deep enough to overflow the worker's
 * stack: the graceful shutdown must still complete (the outer call failing is acceptable).
 */
class AdversarialDeepRecursionAtShutdownTest extends PoolTestBase {

    @Test
    void aGracefulShutdownCompletesAfterADeepInPlaceRecursion() throws Exception {
        pool = KnittingPool.builder().name("adv-rec").threads(1).inliner(false).resolveAfterFinishingAll(true).build();
        AtomicReference<TaskRef<Integer, Integer>> self = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        self.set(pool.register("rec", n -> {
            if (n == 100_000) {
                started.countDown();
                release.await();
            }
            return n == 0 ? 0 : 1 + self.get().call(n - 1).await().atMost(WAIT);
        }));
        CompletableFuture<Integer> answer = self.get().call(100_000).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        release.countDown();
        String outcome;
        try {
            outcome = String.valueOf(answer.get(15, TimeUnit.SECONDS));
        } catch (ExecutionException failed) {
            outcome = failed.getCause().toString();
        }
        System.out.println("ADV outcome: " + outcome);
        try {
            boolean terminated = ((Pool) pool).awaitTermination(Duration.ofSeconds(15));
            PoolStats s = pool.stats();
            System.out.println("ADV stats: " + s + " queued=" + ((Pool) pool).queued.count());
            assertThat(terminated).as("graceful shutdown completed; outer answered " + outcome + "; " + s).isTrue();
            assertThat(s.inFlight()).isZero();
            assertThat(s.submitted()).isEqualTo(s.completed() + s.failed() + s.cancelled() + s.rejected());
        } finally {
            if (!((Pool) pool).awaitTermination(Duration.ofMillis(1))) {
                pool = null; // close() would wait forever: leave its lane behind rather than hang the suite
            }
        }
    }
}
