package io.quarkiverse.knitting.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.engine.LostLanes;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkiverse.knitting.runtime.HealthConfig;

/**
 * A pool that has lost a worker lane serves on the lanes left and stays ready; one that has lost them all is DOWN,
 * since every call it takes fails.
 */
class ReadinessStateTest {

    private static final HealthConfig DEFAULTS = new HealthConfig() {
        @Override
        public Duration saturatedAfter() {
            return Duration.ofSeconds(10);
        }

        @Override
        public int maxAbandonedThreads() {
            return 8;
        }
    };

    private Pool pool;

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aPoolIsNotReadyOnceItHasLostEveryLane() {
        pool = Pool.start(KnittingPool.builder().name("readiness-lanes").threads(2).settings());
        assertThat(state()).isEqualTo("up");

        LostLanes.lose(pool, 0);
        assertThat(state()).as("one lane left").isEqualTo("up");

        LostLanes.lose(pool, 1);
        assertThat(state()).isEqualTo("no lane left");
    }

    private String state() {
        return KnittingReadinessCheck.stateOf(pool, pool.stats(), DEFAULTS);
    }
}
