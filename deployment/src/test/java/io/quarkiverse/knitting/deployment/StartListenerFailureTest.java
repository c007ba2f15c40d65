package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.test.QuarkusUnitTest;

/** A pool start listener that throws for a pool started after startup: the pool is kept, registered once and works. */
class StartListenerFailureTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest().withEmptyApplication();

    @Inject
    PoolRegistry pools;

    @Test
    void theLatePoolStartsOnceAndServes() {
        AtomicInteger told = new AtomicInteger();
        pools.whenStarted((name, pool) -> {
            if (name.equals("late")) {
                told.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }
        });

        KnittingPool late = pools.pool("late");
        assertThat(pools.pool("late")).isSameAs(late);
        assertThat(told).hasValue(1);
        assertThat(late.register("twice", (Integer n) -> 2 * n).call(21).await().atMost(Duration.ofSeconds(10)))
                .isEqualTo(42);
    }
}
