package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * A graceful shutdown runs every accepted call, one that finds its lane full and spills into the overflow queue after
 * the shutdown began included. The overflow's dispatcher used to leave as soon as that queue was empty: such a late
 * spill then failed as closed. It now leaves only once every accepted call has started. The caller is held between
 * its admission and its spill by a balancer that pauses in {@code pick()}.
 */
class LateSpillAtShutdownTest extends PoolTestBase {

    @Test
    void aCallThatSpillsAfterAGracefulShutdownBeganStillRuns() throws Exception {
        LaneBalancer firstLane = (lanes, from, to) -> lanes[from];
        PausingBalancer firstLaneAndPause = new PausingBalancer(firstLane);
        pool = Pool.start(KnittingPool.builder().name("late-spill").threads(2).inliner(false).hostSteal(false)
                .laneQueueCapacity(2).resolveAfterFinishingAll(true).settings(), firstLaneAndPause);
        CountDownLatch running = new CountDownLatch(1);
        TaskRef<Integer, Integer> blocked = pool.register("blocked", n -> {
            running.countDown();
            release.await();
            return n;
        });
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        calls.add(blocked.call(0).subscribeAsCompletionStage());
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        calls.add(blocked.call(1).subscribeAsCompletionStage());
        calls.add(blocked.call(2).subscribeAsCompletionStage()); // the first lane's queue is full now

        AtomicReference<CompletableFuture<Integer>> late = new AtomicReference<>();
        Thread lateCaller = new Thread(() -> late.set(blocked.call(3).subscribeAsCompletionStage()), "late-caller");
        firstLaneAndPause.pauseOn(lateCaller);
        lateCaller.start();
        assertThat(firstLaneAndPause.awaitPaused()).isTrue(); // admitted, not yet in a queue

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        try {
            await().atMost(Duration.ofSeconds(1)).until(() -> !hostAlive()); // the overflow is empty: it used to leave
        } catch (ConditionTimeoutException stays) {
            // it waits for the call on its way
        }
        firstLaneAndPause.resume(); // the call finds the first lane full and spills
        lateCaller.join(10_000);
        calls.add(late.get());
        release.countDown();

        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<Integer> call : calls) {
            outcomes.add(outcome(call));
        }
        assertThat(outcomes).containsExactly("0", "1", "2", "3");
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(pool.stats().failed()).isZero();
    }

    private boolean hostAlive() {
        return Threads.liveKnittingThreads(pool.name()).contains("knitting-late-spill-host");
    }

    private static String outcome(CompletableFuture<Integer> answer) throws Exception {
        try {
            return String.valueOf(answer.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException failed) {
            return failed.getCause().toString();
        }
    }
}
