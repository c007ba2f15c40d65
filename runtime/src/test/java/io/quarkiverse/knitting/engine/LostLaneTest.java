package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskRef;

/**
 * A lane that lost its worker while the pool runs (a replacement thread that could not start: out of native threads)
 * is closed for good. The balancer's picks skip it, so the pool goes on serving on the lanes it has left instead of
 * failing one call in N as closed; a pool left with no lane fails its calls saying so.
 */
class LostLaneTest extends PoolTestBase {

    private static final int CALLS = 40;

    @Test
    void callsGoToTheLanesLeft() {
        Pool engine = Pool.start(KnittingPool.builder().name("lost-lane").threads(2).hostSteal(false).settings());
        pool = engine;
        TaskRef<Integer, String> where = engine.register("where", n -> Thread.currentThread().getName());
        LostLanes.lose(engine, 1);

        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(where.call(i).subscribeAsCompletionStage());
        }

        assertThat(calls).allSatisfy(call -> assertThat(call.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("knitting-lost-lane-0"));
        assertThat(engine.stats().failed()).isZero();
        assertThat(engine.lanesLost()).isEqualTo(1);
    }

    /** Calls that spilled into the overflow while the lane left was full go to that lane, not to the lost one. */
    @Test
    void theOverflowMovesCallsToTheLanesLeft() {
        Pool engine = Pool.start(KnittingPool.builder().name("lost-lane-spill").threads(2).hostSteal(false)
                .laneQueueCapacity(2).settings());
        pool = engine;
        LostLanes.lose(engine, 1);
        TaskRef<Integer, Integer> block = engine.register("block", n -> {
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> echo = engine.register("echo", n -> n);
        CompletableFuture<Integer> blocked = block.call(0).subscribeAsCompletionStage();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(echo.call(i).subscribeAsCompletionStage()); // 2 fit in the lane's queue, the others spill
        }

        release.countDown();

        assertThat(blocked).succeedsWithin(WAIT);
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i)).succeedsWithin(WAIT).isEqualTo(i);
        }
    }

    @Test
    void aPoolWithNoLaneLeftCountsThemAll() {
        Pool engine = Pool.start(KnittingPool.builder().name("no-lane-left").threads(2).settings());
        pool = engine;
        LostLanes.lose(engine, 0);
        LostLanes.lose(engine, 1);

        assertThat(engine.lanesLost()).isEqualTo(2);
        assertThat(engine.isShutdown()).as("not shut down: its lanes are gone").isFalse();
        TaskRef<Integer, Integer> task = engine.register("echo", n -> n);
        assertThatThrownBy(() -> task.call(1).await().atMost(WAIT)).isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("lost the lane");
    }
}
