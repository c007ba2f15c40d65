package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

class OverflowTest extends PoolTestBase {

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void callsBeyondFullLaneQueuesWaitInTheOverflowQueueAndAllRun() throws Exception {
        pool = KnittingPool.builder().name("spill").threads(2).laneQueueCapacity(4).build();
        TaskRef<Integer, Integer> gated = pool.register("gated", n -> {
            release.await();
            return n;
        });

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            calls.add(gated.call(i).subscribeAsCompletionStage()); // never blocks, although lanes hold 4 each
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
        assertThat(pool.stats().inFlight()).isEqualTo(200);

        release.countDown();
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(pool.stats().completed()).isEqualTo(200);
    }

    @Test
    void whileLanesStayFullTheHostBacksOffToParking() {
        pool = KnittingPool.builder().name("backoff").threads(1).laneQueueCapacity(2).hostStallFreeLoops(0)
                .hostMaxBackoffMs(50).build();
        fillPastTheLane();

        Thread host = thread("knitting-backoff-host");
        await().atMost(WAIT).until(() -> host.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void withABigStallFreeBudgetTheHostKeepsSpinning() {
        pool = KnittingPool.builder().name("spin").threads(1).laneQueueCapacity(2)
                .hostStallFreeLoops(Integer.MAX_VALUE).build();
        fillPastTheLane();

        Thread host = thread("knitting-spin-host");
        // the spill unparks the host; on a busy machine it may take a moment to be scheduled
        await().atMost(WAIT).until(() -> host.getState() == Thread.State.RUNNABLE);
        for (int i = 0; i < 20; i++) {
            assertThat(host.getState()).isEqualTo(Thread.State.RUNNABLE);
        }
    }

    @Test
    void anIdleHostParksUntilASpillWakesIt() throws Exception {
        pool = KnittingPool.builder().name("idle-host").threads(1).laneQueueCapacity(2).build();
        TaskRef<Integer, Integer> gated = pool.register("gated", n -> {
            release.await();
            return n;
        });
        Thread host = thread("knitting-idle-host-host");
        // parked without a deadline: from here on, only a spill can wake it
        await().atMost(WAIT).until(() -> host.getState() == Thread.State.WAITING);

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // one runs, two fit the lane's queue, the rest spill
            calls.add(gated.call(i).subscribeAsCompletionStage());
        }
        release.countDown();

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).as("call %d, moved by the woken host", i).isEqualTo(i);
        }
    }

    private void fillPastTheLane() {
        TaskRef<Integer, Integer> gated = pool.register("gated", n -> {
            release.await();
            return n;
        });
        for (int i = 0; i < 10; i++) {
            gated.call(i).subscribe().with(n -> {
            });
        }
    }
}
