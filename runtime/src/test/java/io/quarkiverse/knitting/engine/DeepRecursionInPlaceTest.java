package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * A body that calls its own task in place, recursively, until its thread's stack overflows. The error can strike
 * anywhere in the engine's frames between two bodies, the handlers that would answer a call included. Whatever it
 * hits: every call is answered once, the counters add up, abort slots go back, nothing stays counted as queued (a
 * graceful shutdown waits for that count to reach zero: it used to hang here, found by an adversarial review on
 * 2026-12-03), and the pool goes on serving. The padding (frames burnt before each call) moves the point where the
 * stack runs out through the cycle.
 */
class DeepRecursionInPlaceTest extends PoolTestBase {

    private static final int DEPTH = 1_000_000;
    private final AtomicReference<TaskRef<Integer, Integer>> self = new AtomicReference<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<String> firstThread = new AtomicReference<>();

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 3, 5, 8, 13, 21 })
    void aGracefulShutdownDuringTheRecursionCompletes(int padding) throws Exception {
        pool = KnittingPool.builder().name("rec-shutdown").threads(1).inliner(false).resolveAfterFinishingAll(true)
                .build();
        register(padding, false);
        CompletableFuture<Integer> answer = self.get().call(DEPTH).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        release.countDown();
        assertThat(failureOf(answer)).isInstanceOf(StackOverflowError.class);
        stopped.get(15, TimeUnit.SECONDS);
        assertThat(((Pool) pool).awaitTermination(Duration.ofSeconds(15))).isTrue();
        assertEveryCallAnswered();
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 3, 5, 8, 13, 21 })
    void theLaneGoesOnServingWithItsAbortSlotsBack(int padding) throws Exception {
        pool = KnittingPool.builder().name("rec-open").threads(1).inliner(false).abortSignalCapacity(65_536).build();
        register(padding, true);
        release.countDown();
        assertThat(failureOf(self.get().call(DEPTH).subscribeAsCompletionStage()))
                .isInstanceOf(StackOverflowError.class);
        assertThat(self.get().call(3).await().atMost(WAIT)).isEqualTo(3);
        assertThat(((Pool) pool).abortSlots.inUse()).isZero();
        assertEveryCallAnswered();
        pool.shutdown().await().atMost(WAIT);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 3, 5, 8, 13, 21 })
    void aStandInRunningTheRecursionAnswersEveryCall(int padding) throws Exception {
        pool = KnittingPool.builder().name("rec-standin").threads(1).inliner(false).resolveAfterFinishingAll(true)
                .build();
        register(padding, false);
        release.countDown();
        // the recursion's first call is made by a body with an argument that arrives later: it runs on a stand-in
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            CompletableFuture<Integer> inner = self.get().callWith(Uni.createFrom().completionStage(argument), null)
                    .subscribeAsCompletionStage();
            new Thread(() -> argument.complete(n), "arrival").start();
            try {
                return inner.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                return failed.getCause() instanceof StackOverflowError ? -1 : -2;
            }
        });
        assertThat(outer.call(DEPTH).await().atMost(WAIT)).isEqualTo(-1);
        assertThat(firstThread.get()).contains("-standin-");
        pool.shutdown().await().atMost(WAIT);
        assertEveryCallAnswered();
    }

    /**
     * A call run in place whose body overflows the stack in its own frames, made from a body through a
     * {@code CompletionStage} argument completed in that body's turn: the stage's callback swallows whatever the
     * dispatch throws, so the overflow must reach the call's {@code Uni}, with room by then to answer it. A version
     * that threw every overflow of a call run in place up to its maker left this body waiting for ever (found by a
     * review).
     */
    @Test
    void anOverflowInTheBodyOfACallRunInPlaceReachesItsUni() throws Exception {
        pool = KnittingPool.builder().name("rec-stage").threads(1).inliner(false).build();
        TaskRef<Integer, Integer> deep = pool.register("deep", DeepRecursionInPlaceTest::plainRecursion);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            CompletableFuture<Integer> inner = deep.callWith(Uni.createFrom().completionStage(argument), null)
                    .subscribeAsCompletionStage();
            argument.complete(n); // arrives in this body's turn: the call runs in place, inside complete()
            try {
                return inner.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                return failed.getCause() instanceof StackOverflowError ? -1 : -2;
            }
        });
        assertThat(outer.call(1).await().atMost(WAIT)).isEqualTo(-1);
        pool.shutdown().await().atMost(WAIT);
        assertEveryCallAnswered();
    }

    private static int plainRecursion(int n) {
        return plainRecursion(n + 1) + 1;
    }

    private void register(int padding, boolean abortable) {
        self.set(pool.register("rec", new TaskOptions(-1, OnTimeout.FAIL, abortable), n -> {
            if (n == DEPTH) {
                firstThread.set(Thread.currentThread().getName());
                started.countDown();
                release.await();
            }
            int padded = burn(padding);
            return n == 0 ? padded : 1 + padded + self.get().call(n - 1).await().atMost(WAIT);
        }));
    }

    private static int burn(int frames) {
        return frames == 0 ? 0 : burn(frames - 1);
    }

    private static Throwable failureOf(CompletableFuture<Integer> answer) throws Exception {
        try {
            return new AssertionError("answered " + answer.get(15, TimeUnit.SECONDS));
        } catch (ExecutionException failed) {
            return failed.getCause();
        }
    }

    private void assertEveryCallAnswered() {
        PoolStats s = pool.stats();
        assertThat(((Pool) pool).queued.count()).as("counted as queued; " + s).isZero();
        assertThat(s.inFlight()).as("in flight; " + s).isZero();
        assertThat(s.submitted()).as("submitted against outcomes; " + s)
                .isEqualTo(s.completed() + s.failed() + s.cancelled() + s.rejected());
    }
}
