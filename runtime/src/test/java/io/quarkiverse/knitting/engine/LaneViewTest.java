package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/** What the Dev UI shows of a lane: a body, a continuation after it, nothing. */
class LaneViewTest extends PoolTestBase {

    @Test
    void aLaneShowsItsBodyThenTheContinuationItRunsThenIdle() throws Exception {
        pool = KnittingPool.builder().name("view").threads(1).build();
        CountDownLatch bodyRuns = new CountDownLatch(1);
        CountDownLatch bodyMayEnd = new CountDownLatch(1);
        CountDownLatch continuationRuns = new CountDownLatch(1);
        TaskRef<Integer, Integer> task = pool.register("task", n -> {
            bodyRuns.countDown();
            bodyMayEnd.await(10, TimeUnit.SECONDS);
            return n;
        });
        task.call(1).subscribe().with(item -> { // no executor: the lane runs the continuation
            continuationRuns.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(bodyRuns.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(((Pool) pool).laneViews().get(0)).satisfies(lane -> {
            assertThat(lane.state()).isEqualTo("running");
            assertThat(lane.task()).isEqualTo("task");
        });
        bodyMayEnd.countDown();
        assertThat(continuationRuns.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(((Pool) pool).laneViews().get(0)).satisfies(lane -> {
            assertThat(lane.state()).isEqualTo("answering");
            assertThat(lane.task()).isNull();
            assertThat(lane.thread()).isEqualTo("knitting-view-0");
        });
        release.countDown();
        await().atMost(WAIT).until(() -> ((Pool) pool).laneViews().get(0).state().equals("idle"));
    }
}
