package io.quarkiverse.knitting.engine;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** For tests outside this package: closes a lane the way a worker that could not be replaced leaves it. */
public final class LostLanes {

    private LostLanes() {
    }

    /** Stops lane {@code index}'s worker and waits until the lane is closed; the pool stays open. */
    public static void lose(Pool pool, int index) {
        WorkerLane lane = pool.lanes.workers[index];
        lane.requestStop(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> lane.terminated);
    }
}
