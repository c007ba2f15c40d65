package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

class BalancerTest extends PoolTestBase {

    private TaskRef<Integer, String> laneNameTask() {
        return pool.register("lane", n -> Thread.currentThread().getName());
    }

    @ParameterizedTest
    @EnumSource(value = Balancer.class, names = { "ROUND_ROBIN", "ROBIN_ROUND" })
    void roundRobinVisitsEveryLaneInTurn(Balancer balancer) {
        pool = KnittingPool.builder().name("rr").threads(3).balancer(balancer).build();
        TaskRef<Integer, String> lane = laneNameTask();

        for (int i = 0; i < 9; i++) {
            assertThat(lane.call(i).await().atMost(WAIT)).isEqualTo("knitting-rr-" + (i % 3));
        }
        assertThat(pool.stats().completedPerLane()).containsExactly(3, 3, 3);
    }

    @Test
    void firstIdlePrefersTheFirstIdleLane() {
        pool = KnittingPool.builder().name("idle").threads(3).balancer(Balancer.FIRST_IDLE).build();
        TaskRef<Integer, String> lane = laneNameTask();

        for (int i = 0; i < 5; i++) {
            assertThat(lane.call(i).await().atMost(WAIT)).isEqualTo("knitting-idle-0");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Balancer.class, names = { "FIRST_IDLE", "FIRST_IDLE_OR_RANDOM" })
    void firstIdleSkipsABusyLane(Balancer balancer) throws Exception {
        pool = KnittingPool.builder().name("busy").threads(2).balancer(balancer).build();
        CountDownLatch started = new CountDownLatch(1);
        TaskRef<Integer, String> block = pool.register("block", n -> {
            started.countDown();
            release.await();
            return Thread.currentThread().getName();
        });
        TaskRef<Integer, String> lane = laneNameTask();

        var blocked = block.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lane.call(1).await().atMost(WAIT)).isEqualTo("knitting-busy-1");
        release.countDown();
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo("knitting-busy-0");
    }

    @Test
    void randomLaneSpreadsCallsOverEveryLane() {
        pool = KnittingPool.builder().name("random").threads(3).balancer(Balancer.RANDOM_LANE).build();
        TaskRef<Integer, String> lane = laneNameTask();

        for (int i = 0; i < 300; i++) {
            lane.call(i).await().atMost(WAIT);
        }
        // each lane is missed by 300 uniform picks with probability (2/3)^300: never in practice
        assertThat(pool.stats().completedPerLane()).doesNotContain(0L);
    }

    @Test
    void aSingleLaneBypassesTheBalancer() {
        LaneBalancer mustNotBeAsked = (lanes, from, to) -> {
            throw new AssertionError("the balancer was asked to choose among " + (to - from) + " lanes");
        };
        Lanes one = new Lanes(null, KnittingPool.builder().threads(1).settings(), mustNotBeAsked);
        Lanes two = new Lanes(null, KnittingPool.builder().threads(2).settings(), mustNotBeAsked);

        assertThat(one.pick(1)).isSameAs(one.all[0]);
        assertThatThrownBy(() -> two.pick(1)).as("with two lanes the balancer chooses")
                .isInstanceOf(AssertionError.class);
    }
}
