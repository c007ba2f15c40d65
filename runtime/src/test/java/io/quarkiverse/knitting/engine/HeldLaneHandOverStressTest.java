package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Callers without an executor, whose continuations run on the lanes, now and then block in a continuation on a call
 * of the same pool (queued behind the blocked thread), dawdle about as long as the limit, or throw; bodies fail now
 * and then. The watchdog hands held
 * lanes to fresh threads while other calls are being answered and started. Every call is answered exactly once, every
 * blocked continuation gets its answer, the counters add up, and no thread is left.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HeldLaneHandOverStressTest {

    private static final int CALLERS = 4;
    private static final int CALLS = 8_000;
    private static final int WINDOW = 64;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0} lanes")
    @ValueSource(ints = { 1, 2 })
    void everyCallIsAnsweredOnceWhileHeldLanesAreHandedOver(int lanes) throws Exception {
        String name = "held-stress-" + lanes;
        Pool pool = (Pool) KnittingPool.builder().name(name).threads(lanes).stuckWarnMs(20).build();
        Run run = new Run(pool);
        try {
            run.callAndWait(CALLS);
            int blockingContinuations = 0;
            for (int id = 0; id < CALLS; id++) {
                assertThat(run.answers.get(id)).as("answers to call %d", id).isEqualTo(1);
                if (blocks(id) && !fails(id)) {
                    blockingContinuations++;
                    assertThat(run.innerItems.get(id)).as("items for the call continuation %d waited for", id)
                            .isEqualTo(1);
                }
            }
            await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
            PoolStats stats = pool.stats();
            assertThat(stats.submitted()).isEqualTo(1 + CALLS + blockingContinuations);
            assertThat(stats.completed() + stats.failed()).as("completed + failed").isEqualTo(stats.submitted());
            assertThat(stats.cancelled() + stats.rejected()).isZero();
            if (lanes == 1) {
                assertThat(stats.generation()).as("lanes handed over").isPositive();
            }
            assertThat(run.dropped.get()).as("continuations that threw").isPositive();
            await().atMost(WAIT).until(() -> pool.stats().abandonedThreads() == 0);
        } finally {
            run.close();
        }
        await().atMost(WAIT).until(() -> Threads.liveKnittingThreads(name).isEmpty());
    }

    /**
     * The same traffic, one lane, with a shutdown landing while the callers are busy: immediate with and without the
     * watchdog (then only the shutdown frees a held lane), and graceful (queued calls still run, on successors the
     * watchdog starts while the pool is closing). The shutdown completes, every call and every call a continuation
     * waited for is answered exactly once, and the counters add up.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "now", "now-no-watchdog", "graceful" })
    void aShutdownAmongHandOversAnswersEveryCallOnce(String mode) throws Exception {
        String name = "held-stop-" + mode;
        KnittingPool.Builder builder = KnittingPool.builder().name(name).threads(1)
                .stuckWarnMs(mode.equals("now-no-watchdog") ? 0 : 20)
                .resolveAfterFinishingAll(mode.equals("graceful"));
        Pool pool = (Pool) builder.build();
        Run run = new Run(pool);
        int calls = CALLS / 2;
        try {
            Thread stopper = new Thread(() -> {
                // without a watchdog the first blocked continuation holds the lane until the shutdown
                await().atMost(WAIT).until(() -> run.sent.get() >= calls / 2
                        || (mode.equals("now-no-watchdog") && run.waiting.get() > 0));
                pool.shutdown();
            }, name + "-stopper");
            stopper.start();
            run.callAndWait(calls);
            stopper.join();
            pool.shutdown().await().atMost(WAIT);
            for (int id = 0; id < calls; id++) {
                assertThat(run.answers.get(id)).as("answers to call %d", id).isEqualTo(1);
                if (blocks(id) && run.innerCalls.get(id) == 1) {
                    assertThat(run.innerItems.get(id) + run.innerFailures.get(id))
                            .as("answers to the call continuation %d waited for", id).isEqualTo(1);
                }
            }
            PoolStats stats = pool.stats();
            assertThat(stats.inFlight()).as("in flight").isZero();
            assertThat(stats.completed() + stats.failed() + stats.cancelled() + stats.rejected())
                    .as("completed + failed + cancelled + rejected").isEqualTo(stats.submitted());
            await().atMost(WAIT).until(() -> pool.stats().abandonedThreads() == 0);
        } finally {
            run.close();
        }
        await().atMost(WAIT).until(() -> Threads.liveKnittingThreads(name).isEmpty());
    }

    /** Callers without an executor sending calls through one pool, and what they were answered. */
    private static final class Run implements AutoCloseable {
        final Pool pool;
        final TaskRef<Integer, Integer> echo;
        final AtomicIntegerArray answers = new AtomicIntegerArray(CALLS);
        final AtomicIntegerArray innerCalls = new AtomicIntegerArray(CALLS);
        final AtomicIntegerArray innerItems = new AtomicIntegerArray(CALLS);
        final AtomicIntegerArray innerFailures = new AtomicIntegerArray(CALLS);
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        /** Continuations waiting for a call of the pool now. */
        final AtomicLong waiting = new AtomicLong();
        final Semaphore window = new Semaphore(CALLERS * WINDOW);

        Run(Pool pool) throws Exception {
            this.pool = pool;
            Infrastructure.setDroppedExceptionHandler(thrown -> dropped.incrementAndGet());
            echo = pool.register("echo", HeldLaneHandOverStressTest::body);
            // Context Propagation, which subscribe().with() decorates through, sets itself up on first use; callers
            // racing there trip over each other
            CompletableFuture<Integer> warmUp = new CompletableFuture<>();
            echo.call(-1).subscribe().with(warmUp::complete);
            assertThat(warmUp.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
        }

        void callAndWait(int calls) throws InterruptedException {
            List<Thread> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int first = c;
                Thread caller = new Thread(() -> {
                    for (int id = first; id < calls; id += CALLERS) {
                        window.acquireUninterruptibly();
                        sent.incrementAndGet();
                        int call = id;
                        echo.call(id).subscribe().with(item -> {
                            answers.incrementAndGet(call);
                            window.release();
                            continueWith(call);
                        }, failure -> {
                            answers.incrementAndGet(call);
                            window.release();
                        });
                    }
                }, pool.name() + "-caller-" + c);
                callers.add(caller);
                caller.start();
            }
            for (Thread caller : callers) {
                caller.join();
            }
            await().atMost(WAIT).until(() -> window.availablePermits() == CALLERS * WINDOW);
        }

        /** What the caller's continuation does on the lane: usually nothing, sometimes block or throw. */
        private void continueWith(int id) {
            if (blocks(id)) {
                innerCalls.incrementAndGet(id);
                waiting.incrementAndGet();
                try {
                    Integer inner = echo.call(-id - 1).await().atMost(WAIT); // queued behind this thread
                    if (inner == -id - 1) {
                        innerItems.incrementAndGet(id);
                    }
                } catch (PoolClosedException closed) {
                    innerFailures.incrementAndGet(id);
                } finally {
                    waiting.decrementAndGet();
                }
            } else if (id % 400 == 207) {
                // dawdles about as long as the limit: the hand-over races the thread coming back by itself
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(15 + id % 20));
            } else if (id % 61 == 0) {
                throw new IllegalStateException("continuation " + id + " throws");
            }
        }

        @Override
        public void close() {
            pool.close();
            Infrastructure.resetDroppedExceptionHandler();
        }
    }

    private static boolean blocks(int id) {
        return id % 400 == 7;
    }

    private static boolean fails(int id) {
        return id % 97 == 0;
    }

    private static Integer body(Integer id) {
        if (id >= 0 && fails(id)) {
            throw new IllegalStateException("body " + id + " fails");
        }
        return id;
    }
}
