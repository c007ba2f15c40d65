package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.TaskRef;

/** {@code worker.stuck-warn-ms}: one warning per call that runs past it, none for calls that do not. */
class StuckCallsTest extends PoolTestBase {

    @Test
    void aLongCallIsReportedOnceAndShortOnesNever() throws Exception {
        pool = KnittingPool.builder().name("stuck").threads(2).stuckWarnMs(50).build();
        CountDownLatch running = new CountDownLatch(1);
        TaskRef<Integer, Integer> slow = pool.register("slow", n -> {
            running.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> quick = pool.register("quick", n -> n);
        for (int i = 0; i < 1_000; i++) {
            quick.call(i).subscribeAsCompletionStage().get(10, TimeUnit.SECONDS);
        }
        assertThat(((Pool) pool).stuckCalls()).isZero();

        CompletableFuture<Integer> held = slow.call(1).subscribeAsCompletionStage();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> ((Pool) pool).stuckCalls() == 1);
        Thread.sleep(300); // a dozen more looks at the same call
        assertThat(((Pool) pool).stuckCalls()).as("warnings for the one call").isEqualTo(1);
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void theDefaultIsHalfTheHardTimeoutAndItMustStayBelowIt() {
        assertThat(KnittingPool.builder().hardTimeoutMs(4_000).settings().worker().stuckWarnMs()).isEqualTo(2_000);
        assertThat(KnittingPool.builder().settings().worker().stuckWarnMs()).isEqualTo(10_000);
        PoolSettings off = KnittingPool.builder().stuckWarnMs(0).settings();
        assertThat(off.worker().stuckWarnMs()).isZero();
        assertThatThrownBy(() -> KnittingPool.builder().hardTimeoutMs(100)
                .stuckWarnMs(100).settings()).hasMessageContaining("worker.stuck-warn-ms=100")
                .hasMessageContaining("below worker.hard-timeout-ms (100)");
    }
}
