package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * A call back on a stand-in runs away and the hard timeout abandons it (policy restart). The abandoned stand-in held
 * its place under the bound of stand-ins for calls back until its body ended, which a runaway's never does: with the
 * bound at 1, the next cycle waited behind the blocked body (found by an adversarial helper, 2026-12-03). Abandoning
 * it now gives the place back.
 */
class AdversarialAbandonedSlotTest extends PoolTestBase {

    @Test
    void anAbandonedCallBackGivesBackItsPlaceUnderTheBound() {
        KnittingPool first = KnittingPool.builder().name("adv-slot-a").threads(1).hardTimeoutMs(300).build();
        pool = first;
        ((Pool) first).standIns.comingBackBound = 1;
        KnittingPool second = KnittingPool.builder().name("adv-slot-b").threads(1).build();
        try {
            AtomicBoolean runAway = new AtomicBoolean(true);
            CountDownLatch entered = new CountDownLatch(1);
            TaskRef<Integer, Integer> inner = first.register("inner", n -> {
                if (runAway.getAndSet(false)) {
                    entered.countDown();
                    spinUntilReleased();
                }
                return n + 1;
            });
            TaskRef<Integer, Integer> middle = second.register("middle",
                    n -> inner.call(n).onFailure().recoverWithItem(-1).await().atMost(Duration.ofSeconds(8)) * 10);
            TaskRef<Integer, Integer> outer = first.register("outer",
                    n -> middle.call(n).await().atMost(Duration.ofSeconds(8)) + 1);

            // the outer body also outlives the hard timeout; any answer will do for this first cycle
            outer.call(1).onFailure().recoverWithItem(0).await().atMost(Duration.ofSeconds(10));
            assertThat(entered.getCount()).isZero();
            Object secondAnswer = outer.call(2).onFailure().recoverWithItem(f -> (Integer) null)
                    .onItem().ifNull().continueWith(-1).await().atMost(Duration.ofSeconds(5));
            // the second cycle's call back needs the place the abandoned runaway still holds
            assertThat(secondAnswer).as("second cycle, after the runaway call back was abandoned").isEqualTo(31);
        } finally {
            release.countDown();
            second.close();
        }
    }
}
