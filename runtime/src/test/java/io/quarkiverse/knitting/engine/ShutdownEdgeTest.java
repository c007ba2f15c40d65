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
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/** Shutdown must complete, and answer every call, whatever is running or pending when it starts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownEdgeTest extends PoolTestBase {

    private final CountDownLatch started = new CountDownLatch(1);

    /** Spins until {@code release} opens, deaf to interrupts and to its abort signal. */
    private TaskRef<Integer, Integer> runaway(TaskOptions options) {
        return pool.register("runaway", options, n -> {
            started.countDown();
            spinUntilReleased();
            return n;
        });
    }

    /**
     * A continuation that the lane runs as it delivers an answer waits for a call of the same pool, queued behind it
     * (no watchdog here to hand the lane over). An immediate shutdown fails that queued call at once, as it fails every
     * queued call, so the continuation returns and the thread leaves.
     */
    @Test
    void anImmediateShutdownFailsTheCallsQueuedBehindALaneHeldInAContinuation() throws Exception {
        pool = KnittingPool.builder().name("stop-held").threads(1).stuckWarnMs(0).build();
        TaskRef<Integer, Integer> echo = pool.register("echo", n -> n);
        CompletableFuture<Object> innerOutcome = new CompletableFuture<>();
        echo.call(1).subscribe().with(first -> {
            try {
                innerOutcome.complete(echo.call(2).await().atMost(Duration.ofSeconds(30)));
            } catch (RuntimeException failed) {
                innerOutcome.complete(failed);
            }
        });
        await().atMost(WAIT).until(() -> pool.stats().submitted() == 2 && pool.stats().inFlight() == 1);

        pool.shutdown().await().atMost(WAIT);

        assertThat(innerOutcome.get(10, TimeUnit.SECONDS)).isInstanceOf(PoolClosedException.class);
        await().atMost(WAIT).until(() -> Threads.liveKnittingThreads("stop-held").isEmpty());
    }

    @Test
    void aRunawayRunningAtShutdownIsAbandonedAtTheHardLimitAndShutdownCompletes() throws Exception {
        pool = KnittingPool.builder().name("stop-runaway").threads(1).hardTimeoutMs(200).build();
        TaskRef<Integer, Integer> runaway = runaway(TaskOptions.defaults());
        CompletableFuture<Integer> running = runaway.call(1).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        pool.shutdown().await().atMost(WAIT);

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(HardTimeoutException.class);
        assertThat(pool.stats().abandonedThreads()).isEqualTo(1); // still spinning
        pool.close();
    }

    @Test
    void anAbortableRunawayRunningAtShutdownFailsAndShutdownCompletesAtTheHardLimit() throws Exception {
        pool = KnittingPool.builder().name("stop-abortable").threads(1).hardTimeoutMs(200).build();
        TaskRef<Integer, Integer> runaway = runaway(TaskOptions.defaults().withAbortable(true));
        CompletableFuture<Integer> running = runaway.call(1).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        Uni<Void> stopped = pool.shutdown();
        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PoolClosedException.class);
        stopped.await().atMost(WAIT);

        assertThat(pool.stats().abandonedThreads()).isEqualTo(1);
        pool.close();
    }

    @Test
    void aCallWaitingForItsUniArgumentFailsAtShutdown() {
        pool = KnittingPool.builder().name("pending-uni").threads(1).build();
        TaskRef<Uni<Integer>, Integer> task = pool.register("task", (Uni<Integer> n) -> 1);
        CompletableFuture<Integer> pending = task.call(Uni.createFrom().emitter(e -> {
        })).subscribeAsCompletionStage();

        pool.shutdown().await().atMost(WAIT);

        assertThatThrownBy(() -> pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PoolClosedException.class);
    }

    @Test
    void anArgumentWhoseCancelThrowsDoesNotStopTheShutdown() {
        pool = KnittingPool.builder().name("pending-bad-cancel").threads(1).build();
        TaskRef<Integer, Integer> task = pool.register("task", n -> n);
        Uni<Integer> stubborn = new AbstractUni<>() {
            @Override
            public void subscribe(UniSubscriber<? super Integer> subscriber) {
                subscriber.onSubscribe(() -> {
                    throw new IllegalStateException("cannot cancel");
                });
            }
        };
        CompletableFuture<Integer> pending = task.callWith(stubborn, null).subscribeAsCompletionStage();

        pool.shutdown().await().atMost(WAIT);

        assertThatThrownBy(() -> pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(PoolClosedException.class);
    }

    @Test
    void aCallWaitingForItsCompletionStageArgumentFailsAtShutdown() {
        pool = KnittingPool.builder().name("pending-stage").threads(1).build();
        TaskRef<CompletableFuture<Integer>, Integer> task = pool.register("task", (CompletableFuture<Integer> n) -> 1);
        CompletableFuture<Integer> pending = task.call(new CompletableFuture<>()).subscribeAsCompletionStage();

        pool.shutdown().await().atMost(WAIT);

        assertThatThrownBy(() -> pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PoolClosedException.class);
    }

    @Test
    void gracefulShutdownLetsCallsQueuedBehindARunawayFinish() throws Exception {
        pool = KnittingPool.builder().name("graceful-runaway").threads(1).resolveAfterFinishingAll(true)
                .hardTimeoutMs(200).build();
        TaskRef<Integer, Integer> runaway = runaway(TaskOptions.defaults());
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        CompletableFuture<Integer> running = runaway.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // queued well after the runaway started, so the runaway reaches the hard limit before their own queue
        // deadline (the hard timeout also bounds the wait in a queue): an order, not a timing, is asserted
        Thread.sleep(100);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            queued.add(plus.call(i).subscribeAsCompletionStage());
        }

        Uni<Void> stopped = pool.shutdown();

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HardTimeoutException.class);
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 2);
        }
        stopped.await().atMost(WAIT);
    }

    /**
     * {@code CompletableFuture}'s default async executor is the common pool only when its parallelism is above 1:
     * on a machine with 2 cores or fewer it is a thread per task, and this test cannot catch a dependency on the
     * common pool (run it with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=3} to see it).
     */
    @Test
    void aDelayedShutdownDoesNotDependOnTheCommonPool() throws Exception {
        pool = KnittingPool.builder().name("delayed").threads(1).build();
        int parallelism = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch blocking = new CountDownLatch(parallelism);
        CountDownLatch unblock = new CountDownLatch(1);
        List<CompletableFuture<Void>> blockers = new ArrayList<>();
        try {
            for (int i = 0; i < parallelism; i++) {
                blockers.add(CompletableFuture.runAsync(() -> {
                    blocking.countDown();
                    try {
                        unblock.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, ForkJoinPool.commonPool()));
            }
            assertThat(blocking.await(10, TimeUnit.SECONDS)).as("every common-pool worker is blocked").isTrue();

            pool.shutdown(Duration.ofMillis(50));

            await().atMost(WAIT).until(pool::isShutdown);
        } finally {
            unblock.countDown();
        }
        for (CompletableFuture<Void> blocker : blockers) {
            blocker.get(10, TimeUnit.SECONDS);
        }
    }

    /** A call on a closed pool is refused at once; its {@code Uni} argument is never subscribed (its work never starts). */
    @Test
    void aClosedPoolNeverSubscribesTheArgumentOfACallItRefuses() {
        pool = KnittingPool.builder().name("closed-argument").threads(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        pool.close();
        AtomicBoolean subscribed = new AtomicBoolean();

        assertThatThrownBy(() -> plus.callWith(Uni.createFrom().item(1)
                .onSubscription().invoke(() -> subscribed.set(true)), null).await().atMost(WAIT))
                .isInstanceOf(PoolClosedException.class);
        assertThat(subscribed).isFalse();
    }
}
