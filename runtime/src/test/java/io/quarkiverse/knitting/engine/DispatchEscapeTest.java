package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskRef;

/**
 * An error that escapes the dispatch of an accepted call (here a balancer that throws; in the wild a stack overflow
 * deep in calls run in place) still answers the call and gives back its place among the queued calls, so a graceful
 * shutdown, which waits for that count to reach zero, completes.
 */
class DispatchEscapeTest extends PoolTestBase {

    @Test
    void aCallWhoseDispatchThrowsIsAnsweredAndLeavesNothingQueued() {
        IllegalStateException broken = new IllegalStateException("balancer broke");
        LaneBalancer throwing = (lanes, from, to) -> {
            throw broken;
        };
        pool = Pool.start(KnittingPool.builder().name("dispatch-escape").threads(2).inliner(false).hostSteal(false)
                .resolveAfterFinishingAll(true).settings(), throwing);
        TaskRef<Integer, Integer> task = pool.register("task", n -> n);

        AtomicReference<CompletableFuture<Integer>> answer = new AtomicReference<>();
        Throwable thrown = catchThrowable(() -> answer.set(task.call(1).subscribeAsCompletionStage()));

        assertThat(thrown == broken || answer.get().isCompletedExceptionally())
                .as("the error reaches the caller, thrown or as the answer").isTrue();
        PoolStats stats = pool.stats();
        assertThat(stats.inFlight()).isZero();
        assertThat(((Pool) pool).queued.count()).isZero();
        pool.shutdown().await().atMost(WAIT); // graceful: nothing left counted as queued
    }
}
