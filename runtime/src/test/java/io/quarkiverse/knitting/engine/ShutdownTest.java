package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

class ShutdownTest extends PoolTestBase {

    private final CountDownLatch started = new CountDownLatch(1);

    /** The first call of {@link #oneLaneBusyWithABlocker}, running until {@code release}. */
    private CompletableFuture<Integer> firstCall;

    /** A one-lane pool named {@code name} whose lane runs a blocker call ({@link #firstCall}); the blocker task. */
    private TaskRef<Integer, Integer> oneLaneBusyWithABlocker(String name) throws InterruptedException {
        return oneLaneBusyWithABlocker(KnittingPool.builder().name(name).threads(1));
    }

    private TaskRef<Integer, Integer> oneLaneBusyWithABlocker(KnittingPool.Builder builder)
            throws InterruptedException {
        pool = builder.build();
        TaskRef<Integer, Integer> blocker = blocker(TaskOptions.defaults());
        firstCall = blocker.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    /** Each call fails with {@code PoolClosedException}. */
    private static void assertFailedAsClosed(List<CompletableFuture<Integer>> calls) {
        for (CompletableFuture<Integer> call : calls) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PoolClosedException.class);
        }
    }

    private TaskRef<Integer, Integer> blocker(TaskOptions options) {
        return pool.register("blocker-" + options.abortable(), options, n -> {
            started.countDown();
            release.await();
            return n;
        });
    }

    /**
     * The shutdown ends on one of the pool's own threads (here the worker that finishes the running call, or the
     * host dispatcher, whichever leaves last); a subscriber of {@code shutdown()} still never runs on one of them, but
     * on one of the pool's answer threads, which the pool's termination joins.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = { true, false })
    void aShutdownSubscriberNeverRunsOnThePoolsThreads(boolean withWatchdog) throws Exception {
        // without a watchdog (no stuck-call warning, no deadline) the last worker to leave ends the shutdown
        oneLaneBusyWithABlocker(KnittingPool.builder().name("stop-subscriber").threads(1)
                .stuckWarnMs(withWatchdog ? 10_000 : 0));
        CompletableFuture<String> notifiedOn = new CompletableFuture<>();
        pool.shutdown().subscribe().with(done -> notifiedOn.complete(Thread.currentThread().getName()));

        release.countDown();

        assertThat(notifiedOn.get(10, TimeUnit.SECONDS)).startsWith("knitting-stop-subscriber-answer-");
    }

    /**
     * The last awaited output completed by a thread of no pool ends a graceful shutdown there, and the shutdown's
     * subscribers hear it in place: one that closes the pool must not wait for its own stack to return.
     */
    @Test
    void aShutdownSubscriberRunInPlaceByTheThreadThatEndsThePoolMayCloseIt() throws Exception {
        pool = KnittingPool.builder().name("end-in-place").threads(1).stuckWarnMs(0) // no watchdog
                .resolveAfterFinishingAll(true).build();
        CompletableFuture<Integer> output = new CompletableFuture<>();
        TaskRef<Integer, Integer> pending = pool.registerAsync("pending", TaskOptions.defaults(),
                n -> io.smallrye.mutiny.Uni.createFrom().completionStage(output));
        CompletableFuture<Integer> answer = pending.call(1).subscribeAsCompletionStage();
        CountDownLatch closed = new CountDownLatch(1);
        pool.shutdown().subscribe().with(done -> {
            pool.close();
            closed.countDown();
        });
        await().atMost(WAIT).until(() -> Threads.liveKnittingThreads("end-in-place").isEmpty()); // lanes gone

        Thread completer = new Thread(() -> output.complete(2), "completer");
        completer.setDaemon(true);
        completer.start();

        assertThat(closed.await(10, TimeUnit.SECONDS)).as("close() in the shutdown's subscriber returned").isTrue();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /** A shutdown subscriber that throws: the pool still ends, every thread of it included, and close() returns. */
    @Test
    void aShutdownSubscriberThatThrowsDoesNotStopThePoolEnding() throws Exception {
        oneLaneBusyWithABlocker("stop-throwing");
        CountDownLatch notified = new CountDownLatch(1);
        // a plain subscriber: subscribe().with(...) would catch the throw in Mutiny's wrapper before the pool sees it
        pool.shutdown().subscribe().withSubscriber(new UniSubscriber<Void>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
            }

            @Override
            public void onItem(Void done) {
                notified.countDown();
                throw new IllegalStateException("subscriber failure");
            }

            @Override
            public void onFailure(Throwable failure) {
            }
        });

        release.countDown();

        assertThat(notified.await(10, TimeUnit.SECONDS)).isTrue();
        pool.close();
        assertThat(Threads.liveKnittingThreads("stop-throwing")).isEmpty();
    }

    @Test
    void shutdownFailsQueuedCallsAndLetsARunningCallFinish() throws Exception {
        TaskRef<Integer, Integer> blocker = oneLaneBusyWithABlocker("stop");
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            queued.add(blocker.call(i).subscribeAsCompletionStage());
        }

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        assertFailedAsClosed(queued);
        assertThat(stopped).isNotDone();
        release.countDown();

        assertThat(firstCall.get(10, TimeUnit.SECONDS)).isZero();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(Threads.liveKnittingThreads("stop")).isEmpty();
        assertThat(pool.stats().inFlight()).isZero();
    }

    @Test
    void shutdownFailsARunningAbortableCallAndAbortsIt() throws Exception {
        pool = KnittingPool.builder().threads(1).build();
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> loop = pool.register("loop", TaskOptions.defaults().withAbortable(true), n -> {
            started.countDown();
            while (!AbortSignal.current().hasAborted()) {
                Thread.onSpinWait();
            }
            sawAbort.set(true);
            return n;
        });
        CompletableFuture<Integer> running = loop.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        pool.shutdown().await().atMost(WAIT);

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PoolClosedException.class);
        assertThat(sawAbort).isTrue();
    }

    @Test
    void callsAfterShutdownFailAtOnce() {
        pool = KnittingPool.builder().build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);

        pool.shutdown().await().atMost(WAIT);

        assertThat(pool.isShutdown()).isTrue();
        assertThatThrownBy(() -> plus.call(1).await().atMost(WAIT))
                .isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("'default' is shut down")
                .satisfies(e -> assertThat(((PoolClosedException) e).code()).isEqualTo("KNT_POOL_CLOSED"));
        assertThat(pool.stats().rejected()).isEqualTo(1);
    }

    @Test
    void resolveAfterFinishingAllLetsEveryAcceptedCallFinish() throws Exception {
        pool = KnittingPool.builder().name("drain").threads(1).resolveAfterFinishingAll(true).laneQueueCapacity(2)
                .build();
        TaskRef<Integer, Integer> blocker = blocker(TaskOptions.defaults());
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        calls.add(blocker.call(0).subscribeAsCompletionStage());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < 20; i++) { // most wait in the overflow queue
            calls.add(blocker.call(i).subscribeAsCompletionStage());
        }

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        assertThatThrownBy(() -> blocker.call(99).await().atMost(WAIT)).isInstanceOf(PoolClosedException.class);
        release.countDown();

        stopped.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        // the shutdown completes when the last thread has counted itself out, a few instructions before it ends
        await().atMost(WAIT).until(() -> Threads.liveKnittingThreads("drain").isEmpty());
    }

    /**
     * Calls waiting for a task's concurrency permit were accepted, so a graceful shutdown runs them. Idle lanes used to
     * stop meanwhile (nothing was queued on them), and a permit given back then had to find a lane that still ran
     * (first-idle picked the stopped lane 0 as idle, round-robin every other time); lanes now stop only once every
     * accepted call has started.
     */
    @ParameterizedTest
    @EnumSource(value = Balancer.class, names = { "FIRST_IDLE", "ROUND_ROBIN" })
    void aGracefulShutdownRunsTheCallsWaitingForAConcurrencyPermit(Balancer balancer) throws Exception {
        pool = KnittingPool.builder().name("gate-drain").threads(2).balancer(balancer).resolveAfterFinishingAll(true)
                .build();
        CountDownLatch otherStarted = new CountDownLatch(1);
        CountDownLatch otherMayEnd = new CountDownLatch(1);
        TaskRef<Integer, Integer> other = pool.register("other", n -> {
            otherStarted.countDown();
            otherMayEnd.await();
            return n;
        });
        TaskRef<Integer, Integer> onlyOne = blocker(TaskOptions.defaults().withMaxConcurrency(1));
        CompletableFuture<Integer> onLaneZero = other.call(-1).subscribeAsCompletionStage();
        assertThat(otherStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        calls.add(onlyOne.call(0).subscribeAsCompletionStage()); // lane 1: lane 0 is busy
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 4; i++) {
            calls.add(onlyOne.call(i).subscribeAsCompletionStage()); // wait for the permit, on no lane
        }
        otherMayEnd.countDown();
        assertThat(onLaneZero.get(10, TimeUnit.SECONDS)).isEqualTo(-1);

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        // lane 0 has nothing queued, but calls wait for a permit: it does not stop before they have started
        await().during(Duration.ofMillis(200)).atMost(WAIT)
                .until(() -> Threads.liveKnittingThreads("gate-drain").contains("knitting-gate-drain-0"));
        release.countDown();

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        stopped.get(10, TimeUnit.SECONDS);
    }

    /**
     * The permit given back during a graceful shutdown starts the next waiting call. When the lane's queue was full,
     * the call went to the overflow queue, whose dispatcher had left (it used to leave once the overflow was empty),
     * and failed as closed though the shutdown was to run it. The dispatcher now stays while an accepted call has not
     * started.
     */
    @Test
    void aGracefulShutdownRunsACallWaitingForAPermitThoughTheLaneThatGivesItBackIsFull() throws Exception {
        pool = KnittingPool.builder().name("gate-full").threads(1).laneQueueCapacity(2).resolveAfterFinishingAll(true)
                .build();
        TaskRef<Integer, Integer> plain = pool.register("plain", n -> n);
        TaskRef<Integer, Integer> onlyOne = blocker(TaskOptions.defaults().withMaxConcurrency(1));
        CompletableFuture<Integer> running = onlyOne.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            queued.add(plain.call(i).subscribeAsCompletionStage()); // the lane's queue is full
        }
        CompletableFuture<Integer> waiting = onlyOne.call(3).subscribeAsCompletionStage();

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> Threads.liveKnittingThreads("gate-full").contains("knitting-gate-full-host"));
        release.countDown();

        assertThat(running.get(10, TimeUnit.SECONDS)).isZero();
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(pool.stats().inFlight()).isZero();
    }

    /**
     * The queued calls an immediate shutdown fails are answered on the thread that closes the pool (here, the lane is
     * busy). Their subscribers throw, and so does Mutiny's dropped-exception handler (a test suite's common setting):
     * every call is still answered, and {@code shutdown()} itself does not throw.
     */
    @Test
    void anImmediateShutdownAnswersEveryQueuedCallThoughSubscribersAndTheDroppedExceptionHandlerThrow()
            throws Exception {
        TaskRef<Integer, Integer> blocker = oneLaneBusyWithABlocker("stop-throwing");
        AtomicInteger answered = new AtomicInteger();
        for (int i = 1; i <= 3; i++) {
            blocker.call(i).subscribe().withSubscriber(new UniSubscriber<Integer>() {
                @Override
                public void onSubscribe(UniSubscription subscription) {
                }

                @Override
                public void onItem(Integer item) {
                    answered.incrementAndGet();
                }

                @Override
                public void onFailure(Throwable failure) {
                    answered.incrementAndGet();
                    throw new IllegalStateException("subscriber bug");
                }
            });
        }
        Infrastructure.setDroppedExceptionHandler(failure -> {
            throw new AssertionError("dropped: " + failure);
        });
        try {
            CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();

            await().atMost(WAIT).until(() -> answered.get() == 3);
            release.countDown();
            assertThat(firstCall.get(10, TimeUnit.SECONDS)).isZero();
            stopped.get(10, TimeUnit.SECONDS);
            assertThat(pool.stats().inFlight()).isZero();
        } finally {
            Infrastructure.resetDroppedExceptionHandler();
        }
    }

    /** An immediate shutdown fails calls waiting for a concurrency permit at once, as it fails queued calls. */
    @Test
    void anImmediateShutdownFailsTheCallsWaitingForAConcurrencyPermitAtOnce() throws Exception {
        pool = KnittingPool.builder().name("gate-now").threads(2).build();
        TaskRef<Integer, Integer> onlyOne = blocker(TaskOptions.defaults().withMaxConcurrency(1));
        CompletableFuture<Integer> running = onlyOne.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            waiting.add(onlyOne.call(i).subscribeAsCompletionStage());
        }

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();

        assertFailedAsClosed(waiting); // while the running body still holds the permit
        assertThat(running).isNotDone();
        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)).isZero();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(pool.stats().inFlight()).isZero();
    }

    /**
     * A call admitted just before an immediate shutdown but reaching the permit queue just after the shutdown emptied
     * it waited there for the running body to give its permit back (forever, for a body that never ends). Here the
     * payload guard, measuring the argument (user code: a list's iterator), holds the caller between the two while the
     * pool shuts down. The call fails as closed while the body still runs.
     */
    @Test
    void aCallReachingThePermitQueueAfterAnImmediateShutdownFailsAtOnce() throws Exception {
        pool = KnittingPool.builder().name("gate-race").threads(2).maxPayloadBytes(1 << 20).build();
        CountDownLatch bodyStarted = new CountDownLatch(1);
        TaskRef<List<Integer>, Integer> onlyOne = pool.register("only-one",
                TaskOptions.defaults().withMaxConcurrency(1), numbers -> {
                    bodyStarted.countDown();
                    release.await();
                    return numbers.size();
                });
        CompletableFuture<Integer> running = onlyOne.call(List.of(1)).subscribeAsCompletionStage();
        assertThat(bodyStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch measuring = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        List<Integer> slowToMeasure = new java.util.AbstractList<>() {
            @Override
            public Integer get(int index) {
                if (index == 0) {
                    measuring.countDown();
                    try {
                        measured.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return index;
            }

            @Override
            public int size() {
                return 2;
            }
        };
        CompletableFuture<CompletableFuture<Integer>> racing = CompletableFuture
                .supplyAsync(() -> onlyOne.call(slowToMeasure).subscribeAsCompletionStage());
        assertThat(measuring.await(10, TimeUnit.SECONDS)).isTrue();

        pool.shutdown().subscribe().with(ignored -> {
        });
        measured.countDown();

        assertFailedAsClosed(List.of(racing.get(10, TimeUnit.SECONDS)));
        assertThat(running).isNotDone();
    }

    /**
     * An immediate shutdown fails running abortable calls and turns their signal aborted; that includes an abortable
     * call run in place inside another body. It used to look only at each lane's own call: the inner one never saw
     * its signal turn, its outer body waited for it, and the pool never ended.
     */
    @Test
    void anImmediateShutdownAbortsAnAbortableCallRunningInPlace() throws Exception {
        pool = KnittingPool.builder().name("abort-nested").threads(1).build();
        CountDownLatch innerStarted = new CountDownLatch(1);
        TaskRef<Integer, Integer> inner = pool.register("inner", TaskOptions.defaults().withAbortable(true), n -> {
            innerStarted.countDown();
            AbortSignal signal = AbortSignal.current();
            while (!signal.hasAborted() && release.getCount() > 0) { // released after the test, should it fail
                Thread.onSpinWait();
            }
            return n;
        });
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> inner.call(n).await().atMost(WAIT));
        CompletableFuture<Integer> outerCall = outer.call(1).subscribeAsCompletionStage();
        assertThat(innerStarted.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();

        stopped.get(10, TimeUnit.SECONDS); // the pool ended
        assertThatThrownBy(() -> outerCall.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PoolClosedException.class);
    }

    @Test
    void shutdownWithADelayKeepsAcceptingCallsUntilItStarts() {
        pool = KnittingPool.builder().build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);

        CompletableFuture<Void> stopped = pool.shutdown(Duration.ofMillis(300)).subscribeAsCompletionStage();

        assertThat(pool.isShutdown()).isFalse();
        assertThat(plus.call(1).await().atMost(WAIT)).isEqualTo(2);
        await().atMost(WAIT).until(stopped::isDone);
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void closeLeavesNoKnittingThreadBehind() {
        pool = KnittingPool.builder().name("close").threads(4).inliner(true).hardTimeoutMs(5_000).build();
        pool.register("timed", TaskOptions.defaults().withTimeoutMs(1_000), n -> n);
        assertThat(Threads.liveKnittingThreads("close")).hasSize(6); // 4 lanes, host, watchdog

        pool.close();

        assertThat(Threads.liveKnittingThreads("close")).isEmpty();
    }

    @Test
    void aNegativeDelayIsRefused() {
        pool = KnittingPool.builder().build();

        assertThatThrownBy(() -> pool.shutdown(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-0.001S");
    }
}
