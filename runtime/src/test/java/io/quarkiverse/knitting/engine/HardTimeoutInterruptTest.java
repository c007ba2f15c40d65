package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/** The watchdog interrupts a hard-timed-out worker; whatever the body does then, the caller hears the timeout. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HardTimeoutInterruptTest extends PoolTestBase {

    private static final int ROUNDS = 30;

    /** Outcome of each round: the failure's class, or "item" when the call completed. */
    private List<String> outcomes(TaskRef<Integer, String> sleeper) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            try {
                sleeper.call(i).await().atMost(WAIT);
                outcomes.add("item");
            } catch (RuntimeException e) {
                outcomes.add(e.getClass().getName());
            }
        }
        return outcomes;
    }

    @Test
    void aBodyThatThrowsAsSoonAsInterruptedStillFailsWithTheHardTimeout() {
        pool = KnittingPool.builder().name("interrupt-throws").threads(1).hardTimeoutMs(50)
                .hardTimeoutPolicy(HardTimeoutPolicy.RESTART).build();
        TaskRef<Integer, String> sleeper = pool.register("sleeper", n -> {
            // reacts to the watchdog's interrupt at once, as a blocking call would a little later
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            throw new InterruptedException("interrupted by the watchdog");
        });

        assertThat(outcomes(sleeper)).containsOnly(HardTimeoutException.class.getName());
    }

    @Test
    void aBodyThatReturnsAsSoonAsInterruptedStillFailsWithTheHardTimeout() {
        pool = KnittingPool.builder().name("interrupt-returns").threads(1).hardTimeoutMs(50)
                .hardTimeoutPolicy(HardTimeoutPolicy.RESTART).build();
        TaskRef<Integer, String> sleeper = pool.register("sleeper", n -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            return "interrupted"; // an item, at once
        });

        assertThat(outcomes(sleeper)).containsOnly(HardTimeoutException.class.getName());
    }
}
