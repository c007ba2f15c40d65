package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskFunction;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Bodies that only stop when the pool makes them (hard timeout, abort signal), run on a stand-in instead of a lane.
 * As on a lane, the hard timeout fails and abandons a runaway stand-in, and an abortable body sees the abort at an
 * immediate shutdown or a cancel; a first version of the stand-ins escaped both, and the pool's termination waited
 * for them for ever (found by an adversarial review, 2026-12-03).
 */
class StandInRunawayTest extends PoolTestBase {

    private final CountDownLatch innerStarted = new CountDownLatch(1);
    private final AtomicReference<String> innerThread = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Integer>> innerAnswer = new AtomicReference<>();

    /**
     * Registers "outer", whose body calls {@code inner} with an argument that arrives from another thread while the
     * outer body still runs (so the only lane is busy: the call goes to a stand-in), waits until the inner body has
     * started, and returns without waiting for its answer.
     */
    private TaskRef<Integer, Integer> outerFireAndForget(TaskRef<Integer, Integer> inner) {
        return pool.register("outer", n -> {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            innerAnswer.set(inner.callWith(Uni.createFrom().completionStage(argument), null)
                    .subscribeAsCompletionStage());
            new Thread(() -> argument.complete(n), "arrival").start();
            assertThat(innerStarted.await(5, TimeUnit.SECONDS)).as("inner started").isTrue();
            return n;
        });
    }

    private TaskFunction<Integer, Integer> recording(TaskFunction<Integer, Integer> body) {
        return n -> {
            innerThread.set(Thread.currentThread().getName());
            innerStarted.countDown();
            return body.apply(n);
        };
    }

    private void assertShutdownCompletes(String what) throws Exception {
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        try {
            stopped.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException hang) {
            throw new AssertionError(what + ": shutdown() did not complete in 5 s while the stand-in body ("
                    + innerThread.get() + ") still runs; live threads " + Threads.liveKnittingThreads(pool.name()));
        }
    }

    /** hard-timeout-ms set: a runaway on a stand-in is never answered and the pool never terminates. */
    @Test
    void aRunawayOnAStandInIsAnsweredByTheHardTimeout() throws Exception {
        pool = KnittingPool.builder().name("adv-standin-hard").threads(1).hardTimeoutMs(200).build();
        TaskRef<Integer, Integer> runaway = pool.register("runaway", recording(n -> {
            spinUntilReleased();
            return n;
        }));
        assertThat(outerFireAndForget(runaway).call(1).await().atMost(WAIT)).isEqualTo(1);
        assertThat(innerThread.get()).contains("-standin-");

        try {
            innerAnswer.get().get(5, TimeUnit.SECONDS);
            throw new AssertionError("the runaway returned");
        } catch (ExecutionException expected) {
            assertThat(expected.getCause()).isInstanceOf(HardTimeoutException.class);
        } catch (java.util.concurrent.TimeoutException hang) {
            throw new AssertionError("runaway on stand-in " + innerThread.get()
                    + " not answered 5 s after a 200 ms hard timeout");
        }
    }

    @Test
    void aShutdownWithAHardTimeoutDoesNotWaitForARunawayOnAStandIn() throws Exception {
        pool = KnittingPool.builder().name("adv-standin-hard-close").threads(1).hardTimeoutMs(200).build();
        TaskRef<Integer, Integer> runaway = pool.register("runaway", recording(n -> {
            spinUntilReleased();
            return n;
        }));
        assertThat(outerFireAndForget(runaway).call(1).await().atMost(WAIT)).isEqualTo(1);
        Thread.sleep(600); // well past the hard timeout
        assertShutdownCompletes("hard timeout 200 ms");
    }

    private TaskFunction<Integer, Integer> untilAborted(AtomicBoolean sawAbort) {
        return recording(n -> {
            AbortSignal signal = AbortSignal.current();
            while (!signal.hasAborted() && release.getCount() > 0) {
                Thread.onSpinWait();
            }
            sawAbort.set(signal.hasAborted());
            return n;
        });
    }

    /** Control: the same abortable body on a lane ends at an immediate shutdown. */
    @Test
    void controlAnAbortableBodyOnALaneEndsAtAnImmediateShutdown() throws Exception {
        pool = KnittingPool.builder().name("adv-abort-lane").threads(1).build();
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> loop = pool.register("loop", TaskOptions.defaults().withAbortable(true),
                untilAborted(sawAbort));
        loop.call(1).subscribe().with(n -> {
        }, f -> {
        });
        assertThat(innerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertShutdownCompletes("abortable on a lane");
    }

    /** An abortable body on a stand-in never sees the abort of an immediate shutdown, which waits for it. */
    @Test
    void anAbortableBodyOnAStandInEndsAtAnImmediateShutdown() throws Exception {
        pool = KnittingPool.builder().name("adv-abort-standin").threads(1).build(); // immediate shutdown (default)
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> loop = pool.register("loop", TaskOptions.defaults().withAbortable(true),
                untilAborted(sawAbort));
        assertThat(outerFireAndForget(loop).call(1).await().atMost(WAIT)).isEqualTo(1);
        assertThat(innerThread.get()).contains("-standin-");
        assertShutdownCompletes("abortable on a stand-in, immediate shutdown");
    }

    /** Cancelling an abortable call run by a stand-in does not abort its body. */
    @Test
    void cancellingAnAbortableCallOnAStandInAbortsItsBody() throws Exception {
        pool = KnittingPool.builder().name("adv-cancel-standin").threads(1).build();
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> loop = pool.register("loop", TaskOptions.defaults().withAbortable(true),
                untilAborted(sawAbort));
        AtomicBoolean innerAborted = new AtomicBoolean();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            Cancellable inner = loop.callWith(Uni.createFrom().completionStage(argument), null).subscribe()
                    .with(x -> {
                    }, f -> {
                    });
            new Thread(() -> argument.complete(n), "arrival").start();
            assertThat(innerStarted.await(5, TimeUnit.SECONDS)).isTrue();
            inner.cancel(); // e.g. `.await().atMost(...)` timing out
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!sawAbort.get() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            innerAborted.set(sawAbort.get());
            return n;
        });
        assertThat(outer.call(1).await().atMost(WAIT)).isEqualTo(1);
        assertThat(innerThread.get()).contains("-standin-");
        assertThat(innerAborted).as("the cancelled abortable body on " + innerThread.get() + " saw the abort").isTrue();
    }
}
