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
        AtomicLong dropped = new AtomicLong();
        Infrastructure.setDroppedExceptionHandler(thrown -> dropped.incrementAndGet());
        String name = "held-stress-" + lanes;
        Pool pool = (Pool) KnittingPool.builder().name(name).threads(lanes).stuckWarnMs(20).build();
        try {
            TaskRef<Integer, Integer> echo = pool.register("echo", HeldLaneHandOverStressTest::body);
            // Context Propagation, which subscribe().with() decorates through, sets itself up on first use; callers
            // racing there trip over each other
            CompletableFuture<Integer> warmUp = new CompletableFuture<>();
            echo.call(-1).subscribe().with(warmUp::complete);
            assertThat(warmUp.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
            AtomicIntegerArray answers = new AtomicIntegerArray(CALLS);
            AtomicIntegerArray innerAnswers = new AtomicIntegerArray(CALLS);
            Semaphore window = new Semaphore(CALLERS * WINDOW);
            List<Thread> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int first = c;
                Thread caller = new Thread(() -> {
                    for (int id = first; id < CALLS; id += CALLERS) {
                        window.acquireUninterruptibly();
                        int call = id;
                        echo.call(id).subscribe().with(item -> {
                            answers.incrementAndGet(call);
                            window.release();
                            continueWith(echo, call, innerAnswers);
                        }, failure -> {
                            answers.incrementAndGet(call);
                            window.release();
                        });
                    }
                }, name + "-caller-" + c);
                callers.add(caller);
                caller.start();
            }
            for (Thread caller : callers) {
                caller.join();
            }
            await().atMost(WAIT).until(() -> window.availablePermits() == CALLERS * WINDOW);
            int blockingContinuations = 0;
            for (int id = 0; id < CALLS; id++) {
                assertThat(answers.get(id)).as("answers to call %d", id).isEqualTo(1);
                if (blocks(id) && !fails(id)) {
                    blockingContinuations++;
                    assertThat(innerAnswers.get(id)).as("answers to the call continuation %d waited for", id)
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
            assertThat(dropped.get()).as("continuations that threw").isPositive();
            await().atMost(WAIT).until(() -> pool.stats().abandonedThreads() == 0);
        } finally {
            pool.close();
            Infrastructure.resetDroppedExceptionHandler();
        }
        await().atMost(WAIT).until(() -> Threads.liveKnittingThreads(name).isEmpty());
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

    /** What the caller's continuation does on the lane: usually nothing, sometimes block or throw. */
    private static void continueWith(TaskRef<Integer, Integer> echo, int id, AtomicIntegerArray innerAnswers) {
        if (blocks(id)) {
            Integer inner = echo.call(-id - 1).await().atMost(WAIT); // queued behind this thread
            if (inner == -id - 1) {
                innerAnswers.incrementAndGet(id);
            }
        } else if (id % 400 == 207) {
            // dawdles about as long as the limit: the hand-over races the thread coming back by itself
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(15 + id % 20));
        } else if (id % 61 == 0) {
            throw new IllegalStateException("continuation " + id + " throws");
        }
    }
}
