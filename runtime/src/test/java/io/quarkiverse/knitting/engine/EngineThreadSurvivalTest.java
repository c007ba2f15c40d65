package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskTimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Subscribers' code runs where the engine delivers answers: whatever it does (throw, block, close the pool) must not
 * kill or stall a worker, the watchdog or the host.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EngineThreadSurvivalTest extends PoolTestBase {

    /** A raw subscriber: no Mutiny wrapper between the engine and its callbacks. */
    private static <T> UniSubscriber<T> subscriber(Consumer<T> onItem, Consumer<Throwable> onFailure) {
        return new UniSubscriber<>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
            }

            @Override
            public void onItem(T item) {
                onItem.accept(item);
            }

            @Override
            public void onFailure(Throwable failure) {
                onFailure.accept(failure);
            }
        };
    }

    /** A caller's executor that runs answers in place and whose flow key throws. */
    private static CallerExecutor inPlaceWithAFlowKeyThatThrows() {
        return new CallerExecutor() {
            @Override
            public void execute(Runnable command) {
                command.run();
            }

            @Override
            public Object batchKey() {
                return null;
            }

            @Override
            public Object flowKey() {
                throw new IllegalStateException("flow key bug");
            }
        };
    }

    @Test
    void aThrowingSubscriberDoesNotKillTheWorker() throws Exception {
        pool = KnittingPool.builder().name("throwing-item").threads(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        CountDownLatch delivered = new CountDownLatch(1);

        plus.call(1).subscribe().withSubscriber(subscriber(item -> {
            delivered.countDown();
            throw new IllegalStateException("subscriber bug");
        }, failure -> {
        }));
        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 3; i++) {
            assertThat(plus.call(i).await().atMost(WAIT)).isEqualTo(i + 1);
        }
    }

    /**
     * A caller's executor is the caller's code, and so is the flow key the lane asks it for after each call: a key that
     * throws costs that call its chain spin, not the lane its worker.
     */
    @Test
    void aCallerExecutorWhoseFlowKeyThrowsDoesNotKillTheWorker() {
        pool = KnittingPool.builder().name("throwing-flow").threads(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        CallerExecutor broken = inPlaceWithAFlowKeyThatThrows();

        for (int i = 0; i < 3; i++) {
            assertThat(plus.call(i, broken).await().atMost(WAIT)).isEqualTo(i + 1);
        }
        assertThat(plus.call(7).await().atMost(WAIT)).isEqualTo(8);
    }

    /**
     * Mutiny's dropped-exception handler is the user's code too. One that throws while the lane reports a caller
     * executor's failing flow key must not end the worker between two calls; one that throws while the engine reports
     * a throwing subscriber, answered through an executor that runs the answer in place, must not make it look as if
     * that executor refused the answer, which would deliver it a second time.
     */
    @Test
    void aDroppedExceptionHandlerThatThrowsEndsNoWorkerAndDeliversNoAnswerTwice() {
        Infrastructure.setDroppedExceptionHandler(failure -> {
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked; // the very failure it was given, as a handler that rethrows does
            }
            throw new IllegalStateException("dropped-exception handler bug", failure);
        });
        try {
            pool = KnittingPool.builder().name("throwing-handler").threads(1).build();
            TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
            CallerExecutor brokenFlowKey = inPlaceWithAFlowKeyThatThrows();
            for (int i = 0; i < 3; i++) {
                assertThat(plus.call(i, brokenFlowKey).await().atMost(WAIT)).isEqualTo(i + 1);
            }

            AtomicInteger deliveries = new AtomicInteger();
            Executor inPlace = Runnable::run;
            plus.call(1, inPlace).subscribe().withSubscriber(subscriber(item -> {
                deliveries.incrementAndGet();
                throw new IllegalStateException("subscriber bug");
            }, failure -> {
            }));
            assertThat(plus.call(7).await().atMost(WAIT)).isEqualTo(8); // one lane: the answer above went out first
            assertThat(deliveries).hasValue(1);
        } finally {
            Infrastructure.resetDroppedExceptionHandler();
        }
    }

    /**
     * User code may keep a reference to the lane's thread and interrupt it after its call ended. An idle worker clears
     * such an interrupt before it parks: a set flag makes every park return at once, and the lane would spin a core
     * until its next call.
     */
    @Test
    void anInterruptLeftOnAnIdleWorkerDoesNotKeepItFromParking() {
        pool = KnittingPool.builder().name("interrupted-idle").threads(1).parkMs(60_000).build();
        AtomicReference<Thread> lane = new AtomicReference<>();
        TaskRef<Integer, Integer> capture = pool.register("capture", n -> {
            lane.set(Thread.currentThread());
            return n;
        });
        assertThat(capture.call(1).await().atMost(WAIT)).isEqualTo(1);
        Thread worker = lane.get();
        await().atMost(WAIT).until(() -> worker.getState() == Thread.State.TIMED_WAITING); // parked after its spin

        worker.interrupt();

        await().atMost(WAIT).until(() -> parkedAtEveryLook(worker, 50));
        assertThat(capture.call(2).await().atMost(WAIT)).isEqualTo(2);
    }

    /** Whether {@code thread} is parked at each of {@code looks} looks, a millisecond apart. */
    private static boolean parkedAtEveryLook(Thread thread, int looks) throws InterruptedException {
        for (int i = 0; i < looks; i++) {
            if (thread.getState() != Thread.State.TIMED_WAITING) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    @Test
    void aThrowingFailureSubscriberDoesNotKillTheWatchdog() throws Exception {
        pool = KnittingPool.builder().name("throwing-failure").threads(2).build();
        TaskRef<Integer, Integer> slow = pool.register("slow", TaskOptions.defaults().withTimeoutMs(50), n -> {
            release.await();
            return n;
        });
        CountDownLatch delivered = new CountDownLatch(1);

        slow.call(1).subscribe().withSubscriber(subscriber(item -> {
        }, failure -> {
            delivered.countDown();
            throw new IllegalStateException("subscriber bug");
        }));
        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> slow.call(2).await().atMost(WAIT)).isInstanceOf(TaskTimeoutException.class);
    }

    @Test
    void aSoftTimeoutContinuationNeverRunsOnTheWatchdogOrTheHost() {
        pool = KnittingPool.builder().name("continuation").threads(1).build();
        TaskRef<Integer, Integer> slow = pool.register("slow", TaskOptions.defaults().withTimeoutMs(50), n -> {
            release.await();
            return n;
        });
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        slow.call(1).subscribe().withSubscriber(subscriber(item -> {
        }, error -> {
            thread.set(Thread.currentThread().getName());
            failure.set(error);
        }));
        await().atMost(WAIT).until(() -> failure.get() != null);

        assertThat(failure.get()).isInstanceOf(TaskTimeoutException.class);
        assertThat(thread.get()).doesNotMatch("knitting-.*-(watchdog|host)");
    }

    @Test
    void aBlockedSoftTimeoutContinuationDoesNotHoldBackAHardTimeoutAnswer() throws Exception {
        pool = KnittingPool.builder().name("held-back").threads(2).hardTimeoutMs(200).build();
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch bStarted = new CountDownLatch(1);
        TaskRef<Integer, Integer> a = pool.register("a", TaskOptions.defaults().withTimeoutMs(50), n -> {
            aStarted.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> b = pool.register("b", n -> {
            bStarted.countDown();
            spinUntilReleased();
            return n;
        });
        CountDownLatch bFailed = new CountDownLatch(1);
        AtomicBoolean aSawB = new AtomicBoolean();
        CountDownLatch aDone = new CountDownLatch(1);

        b.call(2).subscribe().withSubscriber(subscriber(item -> {
        }, failure -> {
            if (failure instanceof HardTimeoutException) {
                bFailed.countDown();
            }
        }));
        assertThat(bStarted.await(10, TimeUnit.SECONDS)).isTrue();
        a.call(1).subscribe().withSubscriber(subscriber(item -> aDone.countDown(), failure -> {
            try {
                aSawB.set(bFailed.await(20, TimeUnit.SECONDS)); // a continuation that waits on another answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                aDone.countDown();
            }
        }));

        assertThat(aDone.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(aSawB).as("B's hard-timeout answer arrived while A's continuation waited").isTrue();
        release.countDown();
        pool.shutdown().await().atMost(WAIT);
    }

    @ParameterizedTest
    @EnumSource(value = HardTimeoutPolicy.class, names = { "RESTART", "SHUTDOWN" })
    void closingThePoolInsideAHardTimeoutContinuationCompletes(HardTimeoutPolicy policy) {
        KnittingPool local = KnittingPool.builder().name("close-inside-" + policy.name().toLowerCase()).threads(1)
                .hardTimeoutMs(100).hardTimeoutPolicy(policy).build();
        TaskRef<Integer, Integer> runaway = local.register("runaway", n -> {
            spinUntilReleased();
            return n;
        });
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        runaway.call(1).subscribe().withSubscriber(subscriber(item -> {
        }, error -> {
            failure.set(error);
            local.close();
            closed.countDown();
        }));

        // on failure the pool is left to itself: its watchdog may be stuck for good in close()
        await().atMost(WAIT).until(() -> closed.getCount() == 0);
        assertThat(failure.get()).isInstanceOf(HardTimeoutException.class);
        release.countDown();
        local.shutdown().await().atMost(WAIT);
        await().atMost(WAIT).until(() -> Threads.liveKnittingThreads(local.name()).isEmpty());
    }
    @Test
    void aCallerExecutorThatThrowsStillGetsTheCallAnsweredAndTheLaneServes() {
        pool = KnittingPool.builder().name("bad-executor").threads(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        Executor broken = command -> {
            throw new IllegalStateException("this executor is broken");
        };

        assertThat(plus.call(1, broken).await().atMost(WAIT)).isEqualTo(2);
        assertThat(plus.call(2).await().atMost(WAIT)).isEqualTo(3);
    }

    /**
     * A soft timeout is answered by the watchdog through the caller's executor; one that refuses (closed at
     * shutdown, say) used to have the watchdog run the caller's continuation itself, where a slow one held back every
     * timer and one that closed the pool waited for the watchdog to end, that is for itself.
     */
    @Test
    void aCallerExecutorThatRefusesATimeoutsAnswerDoesNotRunTheContinuationOnTheWatchdog() {
        Executor refusing = command -> {
            throw new java.util.concurrent.RejectedExecutionException("closed");
        };

        assertThat(threadHearingATimeoutThrough("refusing-executor", refusing)).doesNotContain("watchdog")
                .startsWith("knitting-refusing-executor-answer-");
    }

    /**
     * A caller's executor that runs commands in place ({@code Runnable::run}, or a pool saturated under
     * {@code CallerRunsPolicy}) is called off the watchdog for a timeout's answer: the continuation runs on one of the
     * pool's answer threads, not where it could hold back every deadline of the pool.
     */
    @Test
    void aCallerExecutorThatRunsInPlaceDoesNotRunATimeoutsContinuationOnTheWatchdog() {
        assertThat(threadHearingATimeoutThrough("in-place-executor", Runnable::run)).doesNotContain("watchdog")
                .startsWith("knitting-in-place-executor-answer-");
    }

    /**
     * A caller's executor that says it never runs commands in place gets a timeout's answer straight from the watchdog;
     * when it refuses it (a closed event loop), the answer still goes out off the watchdog.
     */
    @Test
    void aRefusingExecutorThatNeverRunsInPlaceDoesNotGetItsContinuationRunOnTheWatchdog() {
        CallerExecutor closedLoop = new CallerExecutor() {
            @Override
            public boolean neverRunsInPlace() {
                return true;
            }

            @Override
            public Object batchKey() {
                return null;
            }

            @Override
            public void execute(Runnable command) {
                throw new java.util.concurrent.RejectedExecutionException("closed");
            }
        };

        assertThat(threadHearingATimeoutThrough("refusing-later", closedLoop)).doesNotContain("watchdog")
                .startsWith("knitting-refusing-later-answer-");
    }

    /**
     * Whether a caller's executor runs commands in place is asked on the watchdog: an executor that throws when asked
     * counts as one that may, and the timeout's answer still reaches it, off the watchdog.
     */
    @Test
    void aCallerExecutorThatThrowsWhenAskedWhetherItRunsInPlaceStillGetsATimeoutsAnswerOffTheWatchdog() {
        CallerExecutor unsure = new CallerExecutor() {
            @Override
            public boolean neverRunsInPlace() {
                throw new IllegalStateException("cannot say");
            }

            @Override
            public Object batchKey() {
                return null;
            }

            @Override
            public void execute(Runnable command) {
                command.run();
            }
        };

        assertThat(threadHearingATimeoutThrough("unsure-executor", unsure)).doesNotContain("watchdog")
                .startsWith("knitting-unsure-executor-answer-");
    }

    /**
     * Starts {@link #pool} with one lane and a task that times out after 50 ms (its body blocks until the answer is
     * heard), calls it through {@code executor}, and returns the name of the thread its failure was heard on.
     */
    private String threadHearingATimeoutThrough(String poolName, Executor executor) {
        pool = KnittingPool.builder().name(poolName).threads(1).build();
        CountDownLatch heard = new CountDownLatch(1);
        TaskRef<Integer, Integer> slow = pool.register("slow", TaskOptions.defaults().withTimeoutMs(50), n -> {
            heard.await(10, TimeUnit.SECONDS);
            return n;
        });
        AtomicReference<String> heardOn = new AtomicReference<>();

        slow.call(1, executor).subscribe().with(item -> heardOn.set("item"),
                failure -> heardOn.set(Thread.currentThread().getName()));

        await().atMost(WAIT).until(() -> heardOn.get() != null);
        heard.countDown();
        assertThat(heardOn.get()).as("the timeout's failure, not the body's item").isNotEqualTo("item");
        return heardOn.get();
    }


    /**
     * An executor may run the answer and then throw (one that runs in place and reports a failure afterwards, say):
     * the subscriber hears once, not once from the executor and again from the lane's fallback.
     */
    @Test
    void aCallerExecutorThatRunsTheAnswerAndThenThrowsDeliversItOnce() {
        pool = KnittingPool.builder().name("run-then-throw").threads(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        Executor runsThenThrows = command -> {
            command.run();
            throw new IllegalStateException("this executor ran the command and then failed");
        };
        AtomicInteger heard = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(1);

        plus.call(1, runsThenThrows).subscribe().withSubscriber(new UniSubscriber<Integer>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
            }

            @Override
            public void onItem(Integer item) {
                heard.incrementAndGet();
                answered.countDown();
            }

            @Override
            public void onFailure(Throwable failure) {
                heard.addAndGet(100);
            }
        });

        await().atMost(WAIT).until(() -> answered.getCount() == 0);
        assertThat(plus.call(2).await().atMost(WAIT)).as("the lane serves on").isEqualTo(3);
        assertThat(heard).hasValue(1);
    }

    @Test
    void theEndOfADelayedShutdownIsHeardOffThePoolsThreadsAndMayCloseIt() throws Exception {
        pool = KnittingPool.builder().name("delayed-end").threads(1).build();
        AtomicReference<String> heardOn = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);

        pool.shutdown(Duration.ofMillis(50)).subscribe().with(done -> {
            heardOn.set(Thread.currentThread().getName());
            pool.close(); // must not wait for itself
            closed.countDown();
        });

        assertThat(closed.await(10, TimeUnit.SECONDS)).as("close() inside the shutdown's continuation returned").isTrue();
        assertThat(heardOn.get()).startsWith("knitting-delayed-end-answer-");
    }
    @Test
    void anOutputWhoseCancellationThrowsDoesNotStopTheWatchdog() {
        pool = KnittingPool.builder().name("bad-cancel-hook").threads(1).build();
        TaskRef<Integer, Integer> never = pool.registerAsync("never", TaskOptions.defaults().withTimeoutMs(50),
                n -> Uni.createFrom().<Integer> emitter(emitter -> {
                }).onCancellation().invoke(() -> {
                    throw new IllegalStateException("a cancellation hook that throws");
                }));

        // the soft timeout cancels the pending output: its hook runs off the watchdog and throws there
        assertThatThrownBy(() -> never.call(1).await().atMost(WAIT)).isInstanceOf(TaskTimeoutException.class);
        assertThatThrownBy(() -> never.call(2).await().atMost(WAIT)).isInstanceOf(TaskTimeoutException.class);
        assertThat(pool.stats().inFlight()).isZero();
    }
}
