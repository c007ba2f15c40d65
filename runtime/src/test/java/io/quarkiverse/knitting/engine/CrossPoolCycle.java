package io.quarkiverse.knitting.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * Tasks of two pools that wait for one another, for the tests of calls that come back ({@link MadeWithin}): an outer
 * task of the first pool waits for a middle task of the second, which waits for an inner task of the first. The outer
 * task answers {@code inner(n) * 10 + 1}.
 */
final class CrossPoolCycle {

    static final Duration BOUND = Duration.ofSeconds(8);

    /** The outer task. */
    final TaskRef<Integer, Integer> outer;
    /** Counted down once the middle body has made its call back, before it waits for it. */
    final CountDownLatch backMade = new CountDownLatch(1);

    private CrossPoolCycle(KnittingPool first, KnittingPool second, TaskRef<Integer, Integer> inner, long computeMs) {
        TaskRef<Integer, Integer> middle = second.register("middle", n -> {
            CompletableFuture<Integer> back = inner.call(n).subscribeAsCompletionStage();
            backMade.countDown();
            return back.get(BOUND.toMillis(), TimeUnit.MILLISECONDS) * 10;
        });
        outer = first.register("outer", n -> {
            CompletableFuture<Integer> answer = middle.call(n).subscribeAsCompletionStage();
            if (computeMs >= 0) {
                while (backMade.getCount() > 0) {
                    Thread.onSpinWait(); // computing, not blocked, while the call comes back
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(computeMs);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            return answer.get(BOUND.toMillis(), TimeUnit.MILLISECONDS) + 1;
        });
    }

    /** The cycle whose outer body blocks at once, waiting for the middle task. */
    static CrossPoolCycle waiting(KnittingPool first, KnittingPool second, TaskRef<Integer, Integer> inner) {
        return new CrossPoolCycle(first, second, inner, -1);
    }

    /**
     * The cycle whose outer body computes until the call back is made, then {@code computeMs} more, and only then
     * blocks: the call back is queued behind it meanwhile.
     */
    static CrossPoolCycle blockingLate(KnittingPool first, KnittingPool second, TaskRef<Integer, Integer> inner,
            long computeMs) {
        return new CrossPoolCycle(first, second, inner, computeMs);
    }
}
