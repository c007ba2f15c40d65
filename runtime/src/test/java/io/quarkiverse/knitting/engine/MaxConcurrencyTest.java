package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskRejectedException;
import io.smallrye.mutiny.Uni;

/** {@code maxConcurrency}: never more bodies of a task at once than the limit; waiting calls hold no lane. */
class MaxConcurrencyTest extends PoolTestBase {

    private static TaskOptions limitedTo(int max) {
        return TaskOptions.defaults().withMaxConcurrency(max);
    }

    /**
     * 8 callers send 20,000 calls of a task limited to 2 bodies at once into 4 lanes, one caller in 50 cancelling its
     * call at a random moment. The most bodies seen at once is exactly 2, every call not cancelled ran once and was
     * answered once, and every permit came back.
     */
    @Test
    void theLimitIsNeverExceededUnderRacingCallersAndCancels() throws Exception {
        pool = KnittingPool.builder().name("limited").threads(4).maxQueued(40_000).build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        int calls = 20_000;
        AtomicIntegerArray ran = new AtomicIntegerArray(calls);
        TaskRef<Integer, Integer> limited = pool.register("limited", limitedTo(2), n -> {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            ran.incrementAndGet(n);
            LockSupport.parkNanos(20_000); // off the CPU: on 2 cores, bodies on 4 lanes overlap only while parked
            running.decrementAndGet();
            return n;
        });

        List<RecordingSubscriber<Integer>> answers = new ArrayList<>();
        for (int n = 0; n < calls; n++) {
            answers.add(new RecordingSubscriber<>());
        }
        AtomicIntegerArray cancelled = new AtomicIntegerArray(calls);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        // Mutiny's context-propagation hook initialises lazily and not thread-safely (SmallRye's
        // "ContextManagerProvider already set" when 8 threads subscribe first at once): subscribe once beforehand
        Uni.createFrom().item(0).subscribe().with(item -> {
        });
        for (int c = 0; c < 8; c++) {
            int first = c;
            Thread caller = new Thread(() -> {
                for (int n = first; n < calls; n += 8) {
                    limited.call(n).subscribe().withSubscriber(answers.get(n));
                    if (ThreadLocalRandom.current().nextInt(50) == 0) {
                        answers.get(n).cancel();
                        cancelled.set(n, 1);
                    }
                }
            });
            caller.setUncaughtExceptionHandler((thread, failure) -> failures.add(failure));
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);

        assertThat(failures).isEmpty();
        assertThat(mostAtOnce).hasValue(2);
        for (int n = 0; n < calls; n++) {
            List<Object> answered = answers.get(n).answers;
            assertThat(ran.get(n)).as("runs of call %d", n).isLessThanOrEqualTo(1);
            assertThat(answered).as("answers of call %d", n).hasSizeLessThanOrEqualTo(ran.get(n));
            if (cancelled.get(n) == 0) {
                assertThat(ran.get(n)).as("runs of call %d", n).isEqualTo(1);
                assertThat(answered).as("answers of call %d", n).containsExactly(n);
            }
        }
        RegisteredTask<?, ?> task = (RegisteredTask<?, ?>) limited;
        assertThat(task.gate.held()).as("permits still held").isZero();
        assertThat(((Pool) pool).queued.count()).isZero();
        PoolStats stats = pool.stats();
        assertThat(stats.completed() + stats.cancelled()).isEqualTo(calls);
    }

    /**
     * The one body the limited task may run holds one of the three lanes; its waiting calls take no lane, so another
     * task's calls run on the free ones meanwhile (first-idle sends them there; round-robin would queue some behind the
     * held lane, which is the balancer's choice, not the limit's). Released, the waiting calls start exactly in the
     * order they were made: with one permit, the next starts only when the one before it has ended.
     */
    @Test
    void waitingCallsHoldNoLaneAndStartInOrder() throws Exception {
        pool = KnittingPool.builder().name("limited-order").threads(3).balancer(Balancer.FIRST_IDLE).build();
        CountDownLatch holding = new CountDownLatch(1);
        ConcurrentLinkedQueue<Integer> started = new ConcurrentLinkedQueue<>();
        TaskRef<Integer, Integer> limited = pool.register("limited", limitedTo(1), n -> {
            started.add(n);
            if (n == 0) {
                holding.countDown();
                release.await();
            }
            return n;
        });
        TaskRef<Integer, Integer> other = pool.register("other", n -> n + 1);

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        calls.add(limited.call(0).subscribeAsCompletionStage());
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        for (int n = 1; n < 20; n++) {
            calls.add(limited.call(n).subscribeAsCompletionStage());
        }
        for (int i = 0; i < 100; i++) {
            assertThat(other.call(i).subscribeAsCompletionStage().get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(started).containsExactly(0);

        release.countDown();
        List<Integer> inOrder = new ArrayList<>();
        for (int n = 0; n < calls.size(); n++) {
            assertThat(calls.get(n).get(10, TimeUnit.SECONDS)).isEqualTo(n);
            inOrder.add(n);
        }
        assertThat(started).containsExactlyElementsOf(inOrder);
    }

    /**
     * Calls waiting for a permit count in {@code max-queued} and are rejected by the queue deadline like calls in a
     * lane queue; the permits of the running ones come back all the same.
     */
    @Test
    void waitingCallsAreBoundedAndUnderTheQueueDeadline() throws Exception {
        pool = KnittingPool.builder().name("limited-bounded").threads(2).maxQueued(3).build();
        CountDownLatch holding = new CountDownLatch(1);
        TaskRef<Integer, Integer> limited = pool.register("limited",
                new TaskOptions(-1, OnTimeout.FAIL, false, -1, 100, 1), n -> {
                    holding.countDown();
                    release.await();
                    return n;
                });
        CompletableFuture<Integer> held = limited.call(0).subscribeAsCompletionStage();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            waiting.add(limited.call(n).subscribeAsCompletionStage());
        }
        assertThat(limited.call(4).subscribeAsCompletionStage()).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(TaskRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(TaskRejectedException.Reason.QUEUE_FULL));
        for (CompletableFuture<Integer> call : waiting) {
            assertThat(call).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOfSatisfying(TaskRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(TaskRejectedException.Reason.QUEUE_TIMEOUT));
        }
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isZero();
        RegisteredTask<?, ?> task = (RegisteredTask<?, ?>) limited;
        await().atMost(WAIT).until(() -> task.gate.held() == 0);
        assertThat(limited.call(5).subscribeAsCompletionStage().get(10, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(((Pool) pool).queued.count()).isZero();
    }

    /**
     * The permit goes back when the body ends, before its answer runs the caller's continuation on the lane: a
     * continuation that waits for the task's next call (which needs that permit) gets it from the other lane.
     */
    @Test
    @SuppressWarnings("unchecked")
    void thePermitIsFreeBeforeTheAnswerRuns() {
        pool = KnittingPool.builder().name("permit-before-answer").threads(2).build();
        RegisteredTask<Integer, Integer> limited = (RegisteredTask<Integer, Integer>) pool.register("limited",
                limitedTo(1), (Integer n) -> n + 1);
        AtomicInteger heldInContinuation = new AtomicInteger(-1);

        Integer second = limited.call(1).map(first -> {
            heldInContinuation.set(limited.gate.held());
            return limited.call(first).await().atMost(WAIT);
        }).await().atMost(WAIT.multipliedBy(2));

        assertThat(second).isEqualTo(3);
        assertThat(heldInContinuation).as("permits held while the first call's answer ran").hasValue(0);
    }
}
