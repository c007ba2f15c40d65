package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;

import io.quarkiverse.knitting.KnittingPool;

/**
 * What most engine tests share: the pool under test, and a latch that bodies made to block wait on. After each test
 * the latch opens (so no body is left blocking a lane), the pool is closed, and none of its threads may be left.
 */
abstract class PoolTestBase {

    /** The longest a test waits for something that should happen in microseconds. */
    static final Duration WAIT = Duration.ofSeconds(10);

    final CountDownLatch release = new CountDownLatch(1);
    KnittingPool pool;

    /**
     * Spins until {@code release} opens, deaf to interrupts and to any abort signal, like a tight CPU loop: the
     * runaway a hard timeout is for.
     */
    void spinUntilReleased() {
        while (release.getCount() > 0) {
            Thread.onSpinWait();
        }
    }

    @AfterEach
    void closePool() {
        release.countDown();
        if (pool != null) {
            pool.close();
            assertThat(Threads.liveKnittingThreads(pool.name())).as("threads left by pool " + pool.name()).isEmpty();
        }
    }
}
