package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

    /**
     * The pattern that used to deadlock a one-lane pool: a continuation that the lane runs as it delivers an answer
     * (the caller has no executor) blocks on a call of the same pool, which is queued behind it. After
     * {@code stuck-warn-ms} the watchdog hands the lane's queue to a fresh thread, which answers the waiting call, so
     * the continuation goes on; the held thread leaves once it returns.
     */
    @Test
    void aLaneHeldOutsideABodyWithCallsWaitingIsReportedOnceAndHandedToAFreshThread() throws Exception {
        pool = KnittingPool.builder().name("held").threads(1).stuckWarnMs(50).build();
        TaskRef<Integer, Integer> echo = pool.register("echo", n -> n);
        CompletableFuture<Object> innerOutcome = new CompletableFuture<>();
        CompletableFuture<String> continuationThread = new CompletableFuture<>();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(StuckCalls.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            echo.call(1).subscribe().with(first -> {
                continuationThread.complete(Thread.currentThread().getName());
                try {
                    innerOutcome.complete(echo.call(2).await().atMost(WAIT));
                } catch (RuntimeException timedOut) {
                    innerOutcome.complete(timedOut);
                }
            });
            assertThat(innerOutcome.get(10, TimeUnit.SECONDS)).as("the call the continuation waited for").isEqualTo(2);
            await().atMost(WAIT).until(() -> !warnings.isEmpty()); // logged after the hand-over, which answers it
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(continuationThread.get()).isEqualTo("knitting-held-0");
        assertThat(((Pool) pool).stuckCalls()).as("warnings for the one held spell").isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("pool 'held': lane 0 has had calls waiting")
                .contains("held outside a body").contains("Its thread knitting-held-0 is at:")
                .contains("StuckCallsTest").contains("handed to a fresh thread")
                .contains("knitting-held-0-abandoned-1");
        assertThat(pool.stats().generation()).as("workers given up on").isEqualTo(1);
        await().atMost(WAIT).until(() -> pool.stats().abandonedThreads() == 0);
        assertThat(echo.call(3).await().atMost(WAIT)).isEqualTo(3);
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
