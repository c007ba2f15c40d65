package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * Calls run in place by a stand-in's body are watched as those run in place on a lane ({@code WorkerThread.nested}):
 * the hard timeout of the outer call fails them too, an immediate shutdown fails the abortable ones, and an abortable
 * one sees its own signal ({@code StandInThread.nested}). A first version kept no such list (found by an adversarial
 * review, 2026-12-03).
 */
class StandInNestedCallsTest extends PoolTestBase {

    private final CountDownLatch nestedStarted = new CountDownLatch(1);
    private final AtomicReference<String> nestedThread = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Integer>> nestedAnswer = new AtomicReference<>();

    /** outer (lane) -> callWith(middle), argument arriving from another thread: middle runs on a stand-in. */
    private TaskRef<Integer, Integer> outer(TaskRef<Integer, Integer> middle) {
        return pool.register("outer", n -> {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            middle.callWith(Uni.createFrom().completionStage(argument), null).subscribe().with(v -> {
            }, f -> {
            });
            new Thread(() -> argument.complete(n), "arrival").start();
            assertThat(nestedStarted.await(5, TimeUnit.SECONDS)).as("nested started").isTrue();
            return n;
        });
    }

    /** middle's body (on the stand-in) calls {@code inner} directly: in place on the stand-in. */
    private TaskRef<Integer, Integer> middle(TaskRef<Integer, Integer> inner) {
        return pool.register("middle", n -> {
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            nestedAnswer.set(answer);
            inner.call(n).subscribe().with(answer::complete, answer::completeExceptionally);
            return n;
        });
    }

    @Test
    void aRunawayRunInPlaceOnAStandInIsAnsweredByTheHardTimeout() throws Exception {
        // long enough for the outer call to start its stand-in in a cold JVM (about 300 ms here), as it must
        pool = KnittingPool.builder().name("adv-standin-nested-hard").threads(1).hardTimeoutMs(1_000).build();
        TaskRef<Integer, Integer> runaway = pool.register("runaway", n -> {
            nestedThread.set(Thread.currentThread().getName());
            nestedStarted.countDown();
            spinUntilReleased();
            return n;
        });
        assertThat(outer(middle(runaway)).call(1).await().atMost(WAIT)).isEqualTo(1);
        assertThat(nestedThread.get()).contains("-standin-");
        Thread.sleep(2_500); // well past the hard timeout: the stand-in is abandoned
        long inFlight = pool.stats().inFlight();
        try {
            nestedAnswer.get().get(5, TimeUnit.SECONDS);
            throw new AssertionError("the runaway returned");
        } catch (ExecutionException expected) {
            assertThat(expected.getCause()).isInstanceOf(HardTimeoutException.class);
        } catch (java.util.concurrent.TimeoutException hang) {
            throw new AssertionError("a call run in place on stand-in " + nestedThread.get()
                    + " is not answered 7.5 s after a 1 s hard timeout abandoned its thread; stats " + pool.stats()
                    + ", inFlight " + inFlight);
        }
        assertThat(inFlight).as("inFlight after the hard timeout").isZero();
    }

    @Test
    void anAbortableCallRunInPlaceOnAStandInEndsAtAnImmediateShutdown() throws Exception {
        pool = KnittingPool.builder().name("adv-standin-nested-abort").threads(1).build(); // immediate
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> loop = pool.register("loop", TaskOptions.defaults().withAbortable(true), n -> {
            nestedThread.set(Thread.currentThread().getName());
            nestedStarted.countDown();
            AbortSignal signal = AbortSignal.current();
            while (!signal.hasAborted() && release.getCount() > 0) {
                Thread.onSpinWait();
            }
            sawAbort.set(signal.hasAborted());
            return n;
        });
        assertThat(outer(middle(loop)).call(1).await().atMost(WAIT)).isEqualTo(1);
        assertThat(nestedThread.get()).contains("-standin-");
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        try {
            stopped.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException hang) {
            throw new AssertionError("immediate shutdown did not complete in 5 s: the abortable call run in place on "
                    + nestedThread.get() + " never saw its abort; threads " + Threads.liveKnittingThreads(pool.name()));
        }
        try {
            nestedAnswer.get().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            assertThat(expected.getCause()).isInstanceOf(PoolClosedException.class);
        }
        assertThat(sawAbort).isTrue();
    }
}
