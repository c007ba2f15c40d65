package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * The body computes for 300 ms after its call came back, then waits for it. A first version of the watch stopped
 * looking after ten looks (about 100 ms), and the call back stayed queued behind the body that waits for it; the
 * watch now looks ever less often for as long as the body is at work (found by an adversarial helper, 2026-12-03).
 */
class AdversarialLateBlockTest {

    @Test
    void aBodyThatBlocksLateStillGetsItsCallBack() throws Exception {
        KnittingPool first = KnittingPool.builder().name("adv-late-a").threads(1).build();
        KnittingPool second = KnittingPool.builder().name("adv-late-b").threads(1).build();
        try {
            TaskRef<Integer, Integer> inner = first.register("inner", n -> n + 1);
            AtomicInteger backQueued = new AtomicInteger();
            TaskRef<Integer, Integer> middle = second.register("middle", n -> {
                CompletableFuture<Integer> back = inner.call(n).subscribeAsCompletionStage();
                backQueued.incrementAndGet();
                return back.get(5, TimeUnit.SECONDS) * 10;
            });
            TaskRef<Integer, Integer> outer = first.register("outer", n -> {
                CompletableFuture<Integer> answer = middle.call(n).subscribeAsCompletionStage();
                while (backQueued.get() == 0) {
                    Thread.onSpinWait();
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // still computing, past the first looks
                }
                return answer.get(5, TimeUnit.SECONDS) + 1;
            });
            assertThat(outer.call(1).await().atMost(Duration.ofSeconds(8))).isEqualTo(21);
        } finally {
            first.close();
            second.close();
        }
    }
}
