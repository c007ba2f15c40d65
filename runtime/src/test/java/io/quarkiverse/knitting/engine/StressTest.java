package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolDefaults;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskRejectedException;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Many callers, many calls: every call is answered exactly once with its own result, no body runs twice, the
 * counters add up and no thread is left behind.
 */
class StressTest {

    private static final int CALLERS = 8;
    private static final int LANES = 4;
    /**
     * The lanes spin after each call whatever the machine: by default lanes that outnumber the processors do not
     * (on 2 cores, these 4 would not), and the handshake between spinning and parked lanes is what stealing races.
     */
    private static final long SPIN = PoolDefaults.SPIN_MICROSECONDS_MAX;
    private static final int CALLS = 1_000_000;
    /** Calls a caller keeps in flight; enough to fill lane queues and reach the overflow queue. */
    private static final int WINDOW = 2_048;
    /** Sends every call to the first lane: whatever another lane runs, it stole. */
    private static final LaneBalancer FIRST_LANE = (lanes, from, to) -> lanes[from];

    @ParameterizedTest
    @EnumSource(Balancer.class)
    void everyCallIsAnsweredOnceWithEveryBalancer(Balancer balancer) throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-" + balancer.kebabName()).threads(LANES).spinMicroseconds(SPIN)
                .balancer(balancer).laneQueueCapacity(1_024).maxQueued(CALLS).build();

        hammerEveryCallAnsweredOnce(pool);

        closeAndCheckThreads(pool);
    }

    @Test
    void everyCallIsAnsweredOnceWithTheInliner() throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-inline").threads(LANES).spinMicroseconds(SPIN).inliner(true)
                .balancer(Balancer.ROUND_ROBIN).laneQueueCapacity(1_024).maxQueued(CALLS).build();

        hammerEveryCallAnsweredOnce(pool);

        assertThat(pool.stats().completedPerLane()[LANES]).as("calls run inline").isPositive();
        closeAndCheckThreads(pool);
    }

    /**
     * With no spin budget the worker tries to park whenever its queue looks empty. Each round sends a call, waits a
     * random 0-3 µs, sends a second one and waits for both: the second lands at a random moment of the worker going to
     * sleep after the first. A wake-up lost to that race leaves the second call waiting out the whole one-minute park,
     * far past the ten-second await. (The race window is nanoseconds wide: this catches a protocol that loses
     * wake-ups often, not every possible reordering.)
     */
    @Test
    void aWorkerThatParksAtOnceMissesNoWakeUp() throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-wake").threads(1).spinMicroseconds(0)
                .parkMs(60_000).build();
        sendPairsAtRandomMoments(pool, 3_000);
    }

    /** The defaults with several lanes: round-robin, and idle lanes steal from busy ones. */
    @Test
    void everyCallIsAnsweredOnceWhileLanesSteal() throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-steal").threads(LANES).spinMicroseconds(SPIN).laneQueueCapacity(1_024)
                .maxQueued(CALLS).build();
        assertThat(((Pool) pool).lanes.stealing).isTrue();

        hammerEveryCallAnsweredOnce(pool);

        closeAndCheckThreads(pool);
    }

    /**
     * Every call is sent to the first lane, and the three others take them from its queue while its worker polls it
     * too: the most contended a lane queue gets. Each call runs once, and the other lanes did run some.
     */
    @Test
    void everyCallIsAnsweredOnceWhenThreeLanesStealFromOne() throws Exception {
        KnittingPool pool = Pool.start(KnittingPool.builder().name("stress-steal-one").threads(LANES).spinMicroseconds(SPIN)
                .laneQueueCapacity(1_024).maxQueued(CALLS).settings(), FIRST_LANE);

        hammerEveryCallAnsweredOnce(pool);

        long[] perLane = pool.stats().completedPerLane();
        System.out.printf("calls run per lane when all go to the first: %s%n", Arrays.toString(perLane));
        assertThat(perLane[1] + perLane[2] + perLane[3]).as("calls the other lanes took").isPositive();
        closeAndCheckThreads(pool);
    }

    /**
     * Two stealing lanes with a short spin and a one-minute park, so that each lane keeps changing between running,
     * spinning and parked. A call sent to a parked lane while the other spins is left for the spinning one to take
     * (no wake-up); each round sends a call, waits a random 0-20 µs and sends another, landing at random moments of
     * the lanes' transitions. A call left behind by a lane that stopped spinning without seeing it would wait for the
     * one-minute park, far past the ten-second await.
     */
    @Test
    void aCallLeftForASpinningSiblingIsNeverStranded() throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-left").threads(2).spinMicroseconds(5).parkMs(60_000)
                .build();
        assertThat(((Pool) pool).lanes.stealing).isTrue();
        sendPairsAtRandomMoments(pool, 20_000);
    }

    /**
     * 20,000 rounds of: a call, a busy wait of a random 0 to {@code maxGapNanos}, a second call, then both answers
     * awaited for ten seconds at most (far less than the pools' one-minute park: a lost wake-up shows as a timeout).
     * Then the counters add up and the pool's threads are gone.
     */
    private static void sendPairsAtRandomMoments(KnittingPool pool, long maxGapNanos) throws Exception {
        TaskRef<Integer, Integer> increment = pool.register("increment", n -> n + 1);
        int rounds = 20_000;
        for (int round = 0; round < rounds; round++) {
            CompletableFuture<Integer> first = increment.call(round).subscribeAsCompletionStage();
            long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(maxGapNanos);
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            CompletableFuture<Integer> second = increment.call(-round).subscribeAsCompletionStage();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(round + 1);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1 - round);
        }
        assertStatsAddUp(pool, 2L * rounds, 0);
        closeAndCheckThreads(pool);
    }

    @Test
    void randomCancellationsLoseNothingAndRunNothingTwice() throws Exception {
        cancelAtRandom(KnittingPool.builder().name("stress-cancel").threads(LANES).spinMicroseconds(SPIN)
                .balancer(Balancer.FIRST_IDLE_OR_RANDOM).laneQueueCapacity(1_024).maxQueued(CALLS).metrics(true)
                .build());
    }

    /** Cancellations race the lanes that steal the calls as well as the lane they were sent to. */
    @Test
    void randomCancellationsWhileLanesStealLoseNothingAndRunNothingTwice() throws Exception {
        cancelAtRandom(Pool.start(KnittingPool.builder().name("stress-cancel-steal").threads(LANES).spinMicroseconds(SPIN)
                .laneQueueCapacity(1_024).maxQueued(CALLS).metrics(true).settings(), FIRST_LANE));
    }

    private static void cancelAtRandom(KnittingPool pool) throws Exception {
        Outcome outcome = hammer(pool, CALLS, 50); // about one call in 50 is cancelled

        outcome.assertAnsweredOnceUnlessCancelled();
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().inFlight() == 0);
        PoolStats stats = pool.stats();
        assertThat(stats.submitted()).isEqualTo(CALLS);
        assertThat(stats.completed() + stats.cancelled()).isEqualTo(CALLS);
        // a cancel that came after the call settled is ignored: every call is answered or counted cancelled
        assertThat(stats.cancelled()).isEqualTo(outcome.cancelledBeforeAnswer());
        assertThat(stats.completed()).isEqualTo(outcome.answeredCount());
        assertMetersMatch(pool, 0);
        closeAndCheckThreads(pool);
    }

    /**
     * A bound far below what 8 callers keep in flight (8 x 2048 against 256) on one lane: each call either ran once
     * and was answered once, or was rejected at once (answered once) and never ran; the counters add up and no place
     * under the bound is left taken.
     */
    @Test
    void underASmallBoundEachCallRunsOnceOrIsRejectedUnrun() throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-bound").threads(1).laneQueueCapacity(64)
                .maxQueued(256).build();

        Outcome outcome = hammer(pool, CALLS / 4, 0);

        long rejected = outcome.assertAnsweredOnceOrExpiredUnrun();
        System.out.printf("%d of %d calls were rejected under max-queued=256%n", rejected, CALLS / 4);
        assertThat(rejected).as("calls rejected").isPositive();
        PoolStats stats = pool.stats();
        assertThat(stats.rejected()).isEqualTo(rejected);
        assertThat(stats.completed()).isEqualTo(CALLS / 4 - rejected);
        assertThat(stats.submitted()).isEqualTo(CALLS / 4);
        assertThat(stats.inFlight()).isZero();
        assertThat(((Pool) pool).queued.count()).isZero();
        closeAndCheckThreads(pool);
    }

    /**
     * A 1 ms queue deadline on one lane that 8 callers keep busy: the watchdog rejects waiting calls while the lane
     * starts others, racing for the same calls. Each call either ran once and was answered once, or was rejected
     * (answered once) and never ran; the counters add up.
     */
    @Test
    void underAQueueDeadlineEachCallRunsOnceOrIsRejectedUnrun() throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-queue-wait").threads(1).queueTimeoutMs(1)
                .maxQueued(CALLS).build();

        Outcome outcome = hammer(pool, CALLS / 4, 0);

        long rejected = outcome.assertAnsweredOnceOrExpiredUnrun();
        System.out.printf("%d of %d calls were rejected after waiting 1 ms%n", rejected, CALLS / 4);
        assertThat(rejected).as("calls rejected").isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().inFlight() == 0);
        PoolStats stats = pool.stats();
        assertThat(stats.rejected()).isEqualTo(rejected);
        assertThat(stats.completed()).isEqualTo(CALLS / 4 - rejected);
        assertThat(((Pool) pool).queued.count()).isZero();
        closeAndCheckThreads(pool);
    }

    @Test
    void aHardTimeoutMidRunFailsOnlyTheRunaway() throws Exception {
        KnittingPool pool = KnittingPool.builder().name("stress-hard").threads(LANES).spinMicroseconds(SPIN).hardTimeoutMs(100)
                .laneQueueCapacity(1_024).maxQueued(CALLS).metrics(true).build();
        CountDownLatch neverReleased = new CountDownLatch(1);
        AtomicBoolean runawayStarted = new AtomicBoolean();
        TaskRef<Integer, Integer> runaway = pool.register("runaway", n -> {
            runawayStarted.set(true);
            while (neverReleased.getCount() > 0) {
                Thread.onSpinWait();
            }
            return n;
        });

        ConcurrentLinkedQueue<Throwable> runawayFailure = new ConcurrentLinkedQueue<>();
        AtomicLong completedWhenItFired = new AtomicLong();
        // the runaway may itself wait past the limit in a full queue on a slow machine, and fail unrun: sent again then
        AtomicLong runawaysExpiredUnrun = new AtomicLong();
        Outcome outcome = hammer(pool, CALLS, 0, fired -> sendRunaway(runaway, new UniSubscriber<Integer>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
            }

            @Override
            public void onItem(Integer item) {
                runawayFailure.add(new AssertionError("runaway completed"));
                fired.countDown();
            }

            @Override
            public void onFailure(Throwable failure) {
                if (!runawayStarted.get()) {
                    runawaysExpiredUnrun.incrementAndGet();
                    sendRunaway(runaway, this);
                    return;
                }
                completedWhenItFired.set(pool.stats().completed());
                runawayFailure.add(failure);
                fired.countDown();
            }
        }));

        // calls queued behind the runaway on its lane may pass the limit too: they fail, unrun, restarting nothing
        long expired = outcome.assertAnsweredOnceOrExpiredUnrun();
        long runawaysExpired = runawaysExpiredUnrun.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> !runawayFailure.isEmpty());
        assertThat(runawayFailure.peek()).isInstanceOf(HardTimeoutException.class);
        System.out.printf("hard timeout fired after %d of %d calls had completed; %d queued calls expired%n",
                completedWhenItFired.get(), CALLS, expired);
        PoolStats stats = pool.stats();
        assertThat(stats.generation()).isEqualTo(1);
        assertThat(stats.abandonedThreads()).isEqualTo(1);
        assertThat(stats.completed()).isEqualTo(CALLS - expired);
        assertThat(stats.failed()).isEqualTo(1 + expired + runawaysExpired);
        assertThat(stats.inFlight()).isZero();
        closeAndCheckThreads(pool);
        neverReleased.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().abandonedThreads() == 0);
        assertMetersMatch(pool, 1 + expired + runawaysExpired);
    }

    private static void sendRunaway(TaskRef<Integer, Integer> runaway, UniSubscriber<Integer> subscriber) {
        runaway.call(-1).subscribe().withSubscriber(subscriber);
    }

    /**
     * The task meters of a metered pool, summed over its tasks, agree with its own counters: every outcome, and every
     * call that started also ran ({@code hardTimeouts}: calls failed by the hard timeout, running or queued).
     */
    private static void assertMetersMatch(KnittingPool pool, long hardTimeouts) {
        List<TaskMeter> meters = new ArrayList<>();
        ((Pool) pool).observe(new PoolObserver() {
            @Override
            public void taskRegistered(String task, TaskMeter meter) {
                meters.add(meter);
            }
        });
        PoolStats stats = pool.stats();
        long[] byOutcome = new long[TaskMeter.Outcome.values().length];
        for (TaskMeter meter : meters) {
            for (TaskMeter.Outcome outcome : TaskMeter.Outcome.values()) {
                byOutcome[outcome.ordinal()] += meter.count(outcome);
            }
        }
        assertThat(byOutcome[TaskMeter.Outcome.COMPLETED.ordinal()]).isEqualTo(stats.completed());
        assertThat(byOutcome[TaskMeter.Outcome.CANCELLED.ordinal()]).isEqualTo(stats.cancelled());
        assertThat(byOutcome[TaskMeter.Outcome.REJECTED.ordinal()]).isEqualTo(stats.rejected());
        assertThat(byOutcome[TaskMeter.Outcome.HARD_TIMEOUT.ordinal()]).isEqualTo(hardTimeouts);
        assertThat(byOutcome[TaskMeter.Outcome.FAILED.ordinal()] + hardTimeouts).isEqualTo(stats.failed());
        assertThat(byOutcome[TaskMeter.Outcome.TIMEOUT.ordinal()]).isZero();
        assertThat(Arrays.stream(byOutcome).sum()).isEqualTo(stats.submitted());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters)
                .allSatisfy(meter -> assertThat(meter.ran()).as(meter.task()).isEqualTo(meter.started())));
    }

    private static void assertStatsAddUp(KnittingPool pool, long calls, long failures) {
        PoolStats stats = pool.stats();
        assertThat(stats.submitted()).isEqualTo(calls);
        assertThat(stats.completed()).isEqualTo(calls - failures);
        assertThat(stats.failed()).isEqualTo(failures);
        assertThat(stats.inFlight()).isZero();
        long perLane = 0;
        for (long count : stats.completedPerLane()) {
            perLane += count;
        }
        assertThat(perLane).isEqualTo(calls);
    }

    private static void closeAndCheckThreads(KnittingPool pool) {
        pool.close();
        assertThat(Threads.liveKnittingThreads(pool.name())).isEmpty();
    }

    /** {@link #CALLS} calls by {@link #CALLERS} callers, none cancelled: each answered once, and the counters add up. */
    private static void hammerEveryCallAnsweredOnce(KnittingPool pool) throws Exception {
        hammer(pool, CALLS, 0).assertEveryCallAnsweredOnce();
        assertStatsAddUp(pool, CALLS, 0);
    }

    private static Outcome hammer(KnittingPool pool, int calls, int cancelOneIn) throws Exception {
        return hammer(pool, calls, cancelOneIn, null);
    }

    /**
     * CALLERS threads issue {@code calls} calls between them. {@code midRun}, if any, is called once from another
     * thread when a quarter of the calls have been answered, and receives a latch to open when what it started has
     * happened; callers do not issue the second half of their calls before that, so it happens mid-run.
     */
    private static Outcome hammer(KnittingPool pool, int calls, int cancelOneIn,
            Consumer<CountDownLatch> midRun) throws Exception {
        CountDownLatch secondHalf = new CountDownLatch(midRun == null ? 0 : 1);
        Outcome outcome = new Outcome(calls);
        TaskRef<Integer, Long> square = pool.register("square", n -> {
            outcome.ran.incrementAndGet(n);
            return (long) n * n;
        });
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int first = c;
            Thread caller = new Thread(() -> {
                Semaphore window = new Semaphore(WINDOW);
                for (int n = first; n < calls; n += CALLERS) {
                    window.acquireUninterruptibly();
                    if (n >= calls / 2) {
                        awaitUninterruptibly(secondHalf);
                    }
                    Answer answer = new Answer(outcome, n, window);
                    square.call(n).subscribe().withSubscriber(answer);
                    if (cancelOneIn > 0 && ThreadLocalRandom.current().nextInt(cancelOneIn) == 0) {
                        answer.cancel();
                    }
                }
                window.acquireUninterruptibly(WINDOW); // every answer is in
            }, "stress-caller-" + c);
            callers.add(caller);
            caller.start();
        }
        if (midRun != null) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(1))
                    .until(() -> outcome.answeredSoFar.get() >= calls / 4);
            midRun.accept(secondHalf);
        }
        for (Thread caller : callers) {
            caller.join(TimeUnit.MINUTES.toMillis(5));
            assertThat(caller.isAlive()).as("caller still running").isFalse();
        }
        assertThat(outcome.errors).isEmpty();
        return outcome;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What happened to each call, by its number. */
    private static final class Outcome {
        final int calls;
        final AtomicIntegerArray ran;
        final AtomicIntegerArray answered;
        final AtomicIntegerArray cancelled;
        final AtomicIntegerArray expired;
        final AtomicLong answeredSoFar = new AtomicLong();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

        Outcome(int calls) {
            this.calls = calls;
            this.ran = new AtomicIntegerArray(calls);
            this.answered = new AtomicIntegerArray(calls);
            this.cancelled = new AtomicIntegerArray(calls);
            this.expired = new AtomicIntegerArray(calls);
        }

        void assertEveryCallAnsweredOnce() {
            for (int n = 0; n < calls; n++) {
                if (ran.get(n) != 1 || answered.get(n) != 1) {
                    throw new AssertionError("call " + n + " ran " + ran.get(n) + " times, answered "
                            + answered.get(n) + " times");
                }
            }
        }

        void assertAnsweredOnceUnlessCancelled() {
            int cancelledCount = 0;
            for (int n = 0; n < calls; n++) {
                if (ran.get(n) > 1) {
                    throw new AssertionError("call " + n + " ran " + ran.get(n) + " times");
                }
                if (answered.get(n) > 1) {
                    throw new AssertionError("call " + n + " answered " + answered.get(n) + " times");
                }
                if (cancelled.get(n) == 1) {
                    cancelledCount++; // answered once if it settled before the cancel, else never
                } else if (ran.get(n) != 1 || answered.get(n) != 1) {
                    throw new AssertionError("call " + n + " ran " + ran.get(n) + " times, answered "
                            + answered.get(n) + " times");
                }
            }
            assertThat(cancelledCount).as("cancelled calls").isPositive();
        }

        /** Each call either ran once and was answered once, or expired in a queue (answered once) and never ran. */
        long assertAnsweredOnceOrExpiredUnrun() {
            long expiredCount = 0;
            for (int n = 0; n < calls; n++) {
                boolean answeredOnce = ran.get(n) == 1 && answered.get(n) == 1 && expired.get(n) == 0;
                boolean expiredUnrun = ran.get(n) == 0 && answered.get(n) == 0 && expired.get(n) == 1;
                if (!answeredOnce && !expiredUnrun) {
                    throw new AssertionError("call " + n + " ran " + ran.get(n) + " times, answered "
                            + answered.get(n) + " times, expired " + expired.get(n) + " times");
                }
                expiredCount += expired.get(n);
            }
            return expiredCount;
        }

        long answeredCount() {
            long count = 0;
            for (int n = 0; n < calls; n++) {
                count += answered.get(n);
            }
            return count;
        }

        long cancelledBeforeAnswer() {
            long count = 0;
            for (int n = 0; n < calls; n++) {
                if (cancelled.get(n) == 1 && answered.get(n) == 0) {
                    count++;
                }
            }
            return count;
        }
    }

    /** The subscriber of one call: checks the result, records it, frees a window slot exactly once. */
    private static final class Answer implements UniSubscriber<Long> {
        private final Outcome outcome;
        private final int n;
        private final Semaphore window;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile UniSubscription subscription;

        Answer(Outcome outcome, int n, Semaphore window) {
            this.outcome = outcome;
            this.n = n;
            this.window = window;
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onItem(Long item) {
            if (item != (long) n * n) {
                outcome.errors.add("call " + n + " answered " + item);
            }
            outcome.answered.incrementAndGet(n);
            outcome.answeredSoFar.incrementAndGet();
            finish();
        }

        @Override
        public void onFailure(Throwable failure) {
            if (failure instanceof HardTimeoutException && failure.getMessage().contains("waited in a queue")) {
                outcome.expired.incrementAndGet(n); // queued behind a runaway for longer than the hard timeout
            } else if (failure instanceof TaskRejectedException) {
                outcome.expired.incrementAndGet(n); // refused under the max-queued bound: never ran either
            } else {
                outcome.errors.add("call " + n + " failed: " + failure);
            }
            finish();
        }

        void cancel() {
            if (done.compareAndSet(false, true)) {
                outcome.cancelled.set(n, 1);
                subscription.cancel();
                window.release();
            }
        }

        private void finish() {
            if (done.compareAndSet(false, true)) {
                window.release();
            }
        }
    }
}
