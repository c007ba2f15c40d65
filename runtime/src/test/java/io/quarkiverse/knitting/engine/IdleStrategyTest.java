package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

class IdleStrategyTest extends PoolTestBase {

    /** Counts park requests without parking. */
    private static class CountingGate implements ParkGate {
        int parks;

        @Override
        public boolean hasWork() {
            return false;
        }

        @Override
        public boolean prepareToPark(long idleAt) {
            parks++;
            return false;
        }

        @Override
        public void unparked() {
        }
    }

    @Test
    void spinsWithinTheBudgetWithoutParking() {
        CountingGate gate = new CountingGate();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60), 0, 1_000, gate);

        int free = SpinPermits.free();
        for (int i = 0; i < 1_000; i++) {
            idle.idle();
        }
        assertThat(gate.parks).isZero();
        idle.reset(); // work came: the spin permit goes back
        assertThat(SpinPermits.free()).isEqualTo(free);
    }

    @Test
    void parksOnceTheBudgetIsSpentAndSpinsAgainOnlyAfterWork() {
        CountingGate gate = new CountingGate();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(1, 0, 1_000, gate); // a budget of 1 ns

        idle.idle();
        assertThat(gate.parks).as("the first check of a spin phase spins").isZero();
        for (int i = 0; i < 1_000 && gate.parks == 0; i++) {
            idle.idle();
        }
        assertThat(gate.parks).as("parks once the budget is spent").isEqualTo(1);
        idle.idle();
        assertThat(gate.parks).as("no new spin phase without work").isEqualTo(2);

        idle.idle(1); // work came
        idle.idle();
        assertThat(gate.parks).as("after work, a new spin phase").isEqualTo(2);
        assertThat(idle.alias()).isEqualTo("spin-then-park");
        idle.reset();
    }

    /**
     * A spin that outlasts its free checks yields the core once, as it takes its permit, so that a caller woken by the
     * last answer and queued on the worker's core runs now. Spins that end within the free checks do not yield, nor
     * does a worker that finds no permit: it parks, which frees the core anyway.
     */
    @Test
    void aLongSpinYieldsItsCoreOnceAsItTakesItsPermit() throws InterruptedException {
        assumeTrue(SpinPermits.free() > 0, "a spin permit is free");
        YieldCountingGate gate = new YieldCountingGate();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60), 0, 1_000, gate);

        for (int i = 0; i < SpinThenParkIdleStrategy.FREE_CHECKS; i++) {
            idle.idle();
        }
        assertThat(gate.yields).as("within the free checks").isZero();
        idle.idle();
        assertThat(gate.yields).as("as the permit is taken").isEqualTo(1);
        for (int i = 0; i < 1_000; i++) {
            idle.idle();
        }
        assertThat(gate.yields).as("once per spin phase").isEqualTo(1);
        idle.reset(); // work came
        for (int i = 0; i < SpinThenParkIdleStrategy.FREE_CHECKS + 1; i++) {
            idle.idle();
        }
        assertThat(gate.yields).as("once in the next spin phase").isEqualTo(2);
        idle.reset();
        assertThat(gate.parks).isZero();

        withoutSpinPermits(() -> {
            spinUntilParked(idle, gate);
            assertThat(gate.yields).as("no permit: parks without a yield").isEqualTo(2);
            idle.reset();
        });
    }

    /** Counts the yields before a long spin instead of yielding. */
    private static final class YieldCountingGate extends CountingGate {
        int yields;

        @Override
        public void yieldBeforeLongSpin() {
            yields++;
        }
    }

    /**
     * A park phase of a millisecond or more tells the lane it is idle (so that the caller who wakes it hands over its
     * core), and the call that ends such a phase is followed by a short spin, not the 60 s budget; a call that ends a
     * brief park brings the full budget back. (The permits are held elsewhere at first so that the worker parks
     * after its free checks.)
     */
    @Test
    void aLongParkMarksTheLaneIdleAndShortensOnlyTheNextSpin() throws InterruptedException {
        RecordingGate gate = new RecordingGate();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60), 0, 1_000, gate);
        parkForLong(idle, gate);

        idle.reset(); // the call that ends the long park
        int parksBefore = gate.parks;
        long before = System.nanoTime();
        spinUntilParked(idle, gate);
        assertThat(gate.parks).as("a short spin, then a park").isEqualTo(parksBefore + 1);
        assertThat(gate.lastIdleAt - before).as("a new park phase: idle a millisecond after it began")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));

        idle.reset(); // a call that ends a brief park: streaming again
        parksBefore = gate.parks;
        long checkFor = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        while (System.nanoTime() - checkFor < 0) {
            idle.idle();
        }
        assertThat(gate.parks).as("the full 60 s budget is back").isEqualTo(parksBefore);
        idle.reset();
    }

    /**
     * After a call answered through its caller's executor, the next idle phase spins the hand-off budget (here none)
     * instead of the 60 s budget; a call of the same flow as the call answered before it (a chain: the same executor,
     * or a {@link CallerExecutor} with the same flow key) keeps the full budget; a call answered in place keeps the
     * full budget and ends the flow.
     */
    @Test
    void anAnswerHandedToAnExecutorShortensTheNextSpinUnlessItsCallContinuesAFlow() {
        assumeTrue(SpinPermits.free() > 0, "a spin permit is free, so a full spin does not park");
        CountingGate gate = new CountingGate();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60), 0, 0, 1_000, gate,
                false);
        Executor request = command -> {
        };
        Object requestContext = new Object();
        CallerExecutor sameRequestAgain = new FlowExecutor(requestContext);
        CallerExecutor sameRequestLater = new FlowExecutor(requestContext);

        assertThat(parksAfterACall(idle, gate, request, 1)).as("the first call of a flow: parks at once").isEqualTo(1);
        assertThat(parksAfterACall(idle, gate, request, 1_000)).as("the same executor again: a chain keeps the full spin")
                .isEqualTo(1);
        assertThat(parksAfterACall(idle, gate, sameRequestAgain, 1)).as("another flow").isEqualTo(2);
        assertThat(parksAfterACall(idle, gate, sameRequestLater, 1_000))
                .as("another executor of the same flow key: a chain").isEqualTo(2);
        assertThat(parksAfterACall(idle, gate, null, 1_000)).as("answered in place: the full spin").isEqualTo(2);
        assertThat(parksAfterACall(idle, gate, sameRequestLater, 1))
                .as("a call in place between them ends the flow").isEqualTo(3);
        idle.reset();
    }

    /** A call answered through {@code callerExecutor}, then {@code checks} idle checks: the parks so far. */
    private static int parksAfterACall(SpinThenParkIdleStrategy idle, CountingGate gate, Executor callerExecutor,
            int checks) {
        idle.reset();
        idle.answered(callerExecutor);
        for (int i = 0; i < checks; i++) {
            idle.idle();
        }
        return gate.parks;
    }

    /**
     * A hand-off budget longer than the short spin after a long park does not lengthen that spin: the call that woke
     * an idle lane is still followed by a short spin only.
     */
    @Test
    void theHandoffBudgetNeverLengthensTheShortSpinAfterALongPark() throws InterruptedException {
        RecordingGate gate = new RecordingGate();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60),
                TimeUnit.SECONDS.toNanos(30), 0, 1_000, gate, false);
        parkForLong(idle, gate);

        idle.reset(); // the call that ends the long park, answered through an executor
        idle.answered(command -> {
        });
        int parksBefore = gate.parks;
        spinUntilParked(idle, gate);
        assertThat(gate.parks).as("the short spin after a long park, not the 30 s hand-off budget")
                .isEqualTo(parksBefore + 1);
        idle.reset();
    }

    /**
     * A park of {@code park-ms} that a call ends after a millisecond or more, with no look at the clock in between (the
     * worker parked without a wake of its own), is a long park too: the call is followed by the short spin.
     */
    @Test
    void aCallThatEndsALongUninterruptedParkIsFollowedByTheShortSpin() throws InterruptedException {
        CountingGate gate = new CountingGate();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60), 0, 1_000, gate);
        withoutSpinPermits(() -> {
            while (gate.parks == 0) {
                idle.idle();
            }
        });
        assumeTrue(SpinPermits.free() > 0, "a spin permit is free, so a full spin would not park");
        Thread.sleep(2); // parked all along: no idle check

        idle.reset(); // the call that ends it
        spinUntilParked(idle, gate);
        assertThat(gate.parks).as("a short spin, not the 60 s budget").isEqualTo(2);
        idle.reset();
    }

    /**
     * A worker wakes by itself in a park phase only after a spin that needed a permit, while it holds a flow, or when
     * its gate says work may come unannounced (a sibling runs a call): its first park then ends after a millisecond
     * (the last case goes on looking, see {@link #whileWorkMayComeUnannouncedAThiefLooksAgainAtDoublingIntervals}). A
     * worker that did not spin parks for {@code park-ms} (here a minute) at once.
     */
    @Test
    void onlyAParkWithAReasonToLookAgainEndsByItself() throws InterruptedException {
        assertParks(1, 0, 0, null, "no spin: one park, no wake of its own");
        assertParks(2, TimeUnit.MILLISECONDS.toNanos(1), 0, command -> {
        }, "holding a flow: the first park ends after a millisecond");
        assumeTrue(SpinPermits.free() > 0, "a spin permit is free, so the worker spins before it parks");
        // a spin long enough that its free checks always end inside it, even on a thread descheduled for a while
        // (then the worker takes a permit); a spin shorter than the time the thread was away parks without one
        assertParks(2, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(10), null,
                "after a 10 ms spin: the first park ends after a millisecond");
    }

    /**
     * While a sibling runs a call, a parked thief looks again by itself, each park twice as long as the one before (1,
     * 2, 4 ... ms, up to {@code park-ms}): a call queued behind that call as it started may wake nobody. Once no
     * sibling runs, the park in progress is its last short one, and the next lasts {@code park-ms} (a minute here).
     */
    @Test
    void whileWorkMayComeUnannouncedAThiefLooksAgainAtDoublingIntervals() throws InterruptedException {
        AtomicInteger parks = new AtomicInteger();
        AtomicBoolean aSiblingRuns = new AtomicBoolean(true);
        ParkGate thief = countingParks(parks, aSiblingRuns::get);
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(0, 0, TimeUnit.MINUTES.toNanos(1), thief);
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            while (!stop.get()) {
                idle.idle();
            }
        }, "idle-test-thief");
        worker.start();
        try {
            await().atMost(WAIT).until(() -> parks.get() >= 4); // 1 + 2 + 4 ms: it keeps looking
            aSiblingRuns.set(false);
            Thread.sleep(1_500); // the park in progress ends (it is 8 ms to 1 s long: doubling, not a minute)
            int afterTheSiblingStopped = parks.get();
            Thread.sleep(200);
            assertThat(parks.get()).as("parks for a minute once no sibling runs").isEqualTo(afterTheSiblingStopped);
        } finally {
            stop.set(true);
            LockSupport.unpark(worker);
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(worker.isAlive()).isFalse();
    }

    /**
     * A lane waiting to stop gracefully looks again every millisecond, though its {@code park-ms} is a minute: it stops
     * once every accepted call has started, and nothing wakes it when the last one does (a call run in place on another
     * lane, counted for a moment, used to hold a graceful shutdown for a whole {@code park-ms}).
     */
    @Test
    void aLaneWaitingToStopLooksAgainByItself() throws InterruptedException {
        AtomicInteger parks = new AtomicInteger();
        ParkGate stopping = countingParks(parks, () -> false, true);
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(0, 0, TimeUnit.MINUTES.toNanos(1), stopping);
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            while (!stop.get()) {
                idle.idle();
            }
        }, "idle-test-stopping");
        worker.start();
        try {
            await().atMost(WAIT).until(() -> parks.get() >= 5);
        } finally {
            stop.set(true);
            LockSupport.unpark(worker);
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(worker.isAlive()).isFalse();
    }

    /** A gate without work that counts the parks it lets happen; {@code workMayCome} says whether a sibling runs. */
    private static ParkGate countingParks(AtomicInteger parks, BooleanSupplier workMayCome) {
        return countingParks(parks, workMayCome, false);
    }

    /** The same, for a lane that waits to stop gracefully when {@code waitsToStop}. */
    private static ParkGate countingParks(AtomicInteger parks, BooleanSupplier workMayCome, boolean waitsToStop) {
        return new ParkGate() {
            @Override
            public boolean waitsToStop() {
                return waitsToStop;
            }

            @Override
            public boolean hasWork() {
                return false;
            }

            @Override
            public boolean prepareToPark(long idleAt) {
                parks.incrementAndGet();
                return true;
            }

            @Override
            public boolean mayGetWorkUnannounced() {
                return workMayCome.getAsBoolean();
            }

            @Override
            public void unparked() {
            }
        };
    }

    /**
     * Runs an idle worker on a thread of its own after one call (answered through {@code callerExecutor}, or in place
     * when null; {@code park-ms} a minute) until it has gone to park {@code expected} times, then checks that it does
     * not park again within 20 ms.
     */
    private static void assertParks(int expected, long spinNanos, long handoffSpinNanos, Executor callerExecutor,
            String description) throws InterruptedException {
        AtomicInteger parks = new AtomicInteger();
        ParkGate parking = countingParks(parks, () -> false);
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(spinNanos, handoffSpinNanos, 0,
                TimeUnit.MINUTES.toNanos(1), parking, false);
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            idle.reset();
            idle.answered(callerExecutor);
            while (!stop.get()) {
                idle.idle();
            }
            idle.reset();
        }, "idle-test-worker");
        worker.start();
        try {
            await().atMost(WAIT).until(() -> parks.get() >= expected);
            Thread.sleep(20);
            assertThat(parks.get()).as(description).isEqualTo(expected);
        } finally {
            stop.set(true);
            LockSupport.unpark(worker);
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(worker.isAlive()).isFalse();
    }

    /**
     * Takes {@code idle} into a park phase older than a millisecond; the permits are held meanwhile so that it parks
     * after its free checks.
     */
    private static void parkForLong(SpinThenParkIdleStrategy idle, RecordingGate gate) throws InterruptedException {
        withoutSpinPermits(() -> {
            long before = System.nanoTime();
            while (gate.parks == 0) {
                idle.idle();
            }
            long idleAt = gate.lastIdleAt;
            assertThat(idleAt - before).as("callers count the lane idle a millisecond into its park phase")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
            Thread.sleep(2);
            idle.idle();
            assertThat(gate.lastIdleAt).as("the same park phase").isEqualTo(idleAt);
        });
    }

    /** What a test does while it holds every spin permit of the JVM. */
    private interface WhilePermitsHeld {
        void run() throws InterruptedException;
    }

    /** Runs {@code action} with every spin permit held here, so that a strategy finds none; gives them back after. */
    private static void withoutSpinPermits(WhilePermitsHeld action) throws InterruptedException {
        int held = 0;
        while (SpinPermits.tryAcquire()) {
            held++;
        }
        try {
            action.run();
        } finally {
            for (; held > 0; held--) {
                SpinPermits.release();
            }
        }
    }

    /** Checks for work until {@code idle} parks, or 10 s have passed. */
    private static void spinUntilParked(SpinThenParkIdleStrategy idle, CountingGate gate) {
        int parksBefore = gate.parks;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.parks == parksBefore && System.nanoTime() - giveUp < 0) {
            idle.idle();
        }
    }

    /**
     * The worker loop tells its idle strategy where each answer went: a lane whose spin is 60 s parks after a call
     * answered through an executor, as its hand-off budget is 0.
     */
    @Test
    void aLaneParksSoonAfterAnAnswerHandedToItsCallersExecutor() {
        assumeTrue(SpinPermits.free() > 0, "a spin permit is free, so the lane would spin without the hand-off rule");
        pool = KnittingPool.builder().name("handoff").threads(1).spinMicroseconds(60_000_000).handoffSpinMicroseconds(0)
                .parkMs(600_000).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("knitting-handoff-0")).findFirst().orElseThrow();
        ExecutorService callerContext = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(plus.call(i, new FlowExecutor(new Object(), callerContext)).await().atMost(WAIT))
                        .isEqualTo(i + 1);
                await().atMost(WAIT).until(() -> worker.getState() == Thread.State.TIMED_WAITING);
            }
        } finally {
            callerContext.shutdownNow();
        }
    }

    /** A caller's executor whose flow is {@code flow}, as a request's context is for its calls. */
    private record FlowExecutor(Object flow, Executor runner) implements CallerExecutor {

        FlowExecutor(Object flow) {
            this(flow, Runnable::run);
        }

        @Override
        public void execute(Runnable command) {
            runner.execute(command);
        }

        @Override
        public Object batchKey() {
            return null;
        }

        @Override
        public Object flowKey() {
            return flow;
        }
    }

    /** Records what each park request said, without parking. */
    private static final class RecordingGate extends CountingGate {
        long lastIdleAt;

        @Override
        public boolean prepareToPark(long idleAt) {
            lastIdleAt = idleAt;
            return super.prepareToPark(idleAt);
        }

    }

    @Test
    void noMoreWorkersSpinThanThereArePermitsAndEveryPermitComesBack() {
        int free = SpinPermits.free();
        List<CountingGate> gates = new ArrayList<>();
        List<SpinThenParkIdleStrategy> workers = new ArrayList<>();
        for (int i = 0; i < free + 2; i++) {
            CountingGate gate = new CountingGate();
            gates.add(gate);
            workers.add(new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60), 0, 1_000, gate));
        }
        for (int check = 0; check < 100; check++) {
            workers.forEach(SpinThenParkIdleStrategy::idle);
        }

        assertThat(gates.stream().filter(gate -> gate.parks == 0).count()).as("workers still spinning")
                .isEqualTo(free);
        assertThat(SpinPermits.free()).isZero();
        workers.forEach(SpinThenParkIdleStrategy::reset);
        assertThat(SpinPermits.free()).as("permits after every worker had work again").isEqualTo(free);
    }

    @Test
    void aRunawayHoldsNoSpinPermitAndAClosedPoolReturnsThemAll() {
        int free = SpinPermits.free();
        assertThat(free).as("permits free before the pool starts").isPositive();
        // idle lanes spin until the pool closes: they stop while holding a permit
        pool = KnittingPool.builder().name("permits").threads(3).hardTimeoutMs(100).spinMicroseconds(60_000_000)
                .build();
        TaskRef<Integer, Integer> runaway = pool.register("runaway", n -> {
            spinUntilReleased();
            return n;
        });
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        for (int i = 0; i < 100; i++) {
            plus.call(i).await().atMost(WAIT);
        }
        runaway.call(0).subscribe().with(item -> {
        }, failure -> {
        });
        await().atMost(WAIT).until(() -> pool.stats().abandonedThreads() == 1);

        pool.close();
        assertThat(SpinPermits.free()).as("permits while the abandoned thread still runs").isEqualTo(free);
    }

    @Test
    void aPauseBetweenSpinChecksLastsUntilWorkArrives() {
        int[] looks = new int[1];
        ParkGate workOnTheThirdLook = new CountingGate() {
            @Override
            public boolean hasWork() {
                return ++looks[0] == 3;
            }
        };
        // a pause of a minute: the check returns only because the pause ends when work arrives
        SpinThenParkIdleStrategy pausing = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60),
                TimeUnit.SECONDS.toNanos(60), 1_000, workOnTheThirdLook);
        pausing.idle();
        assertThat(looks[0]).isEqualTo(3);
        pausing.reset();

        looks[0] = 0;
        SpinThenParkIdleStrategy noPause = new SpinThenParkIdleStrategy(TimeUnit.SECONDS.toNanos(60), 0, 1_000,
                workOnTheThirdLook);
        noPause.idle();
        assertThat(looks[0]).as("pause-nanoseconds=0: no pause, so no look for work inside one").isZero();
        noPause.reset();
    }

    @Test
    void anIdleWorkerParksAndASubmitWakesItAtOnce() {
        // a park of ten minutes: only the submit's unpark can make the call finish within the wait below
        pool = KnittingPool.builder().name("parked").threads(1).spinMicroseconds(0).parkMs(600_000).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("knitting-parked-0")).findFirst().orElseThrow();

        for (int i = 0; i < 3; i++) {
            await().atMost(WAIT).until(() -> worker.getState() == Thread.State.TIMED_WAITING);
            assertThat(plus.call(i).await().atMost(WAIT)).isEqualTo(i + 1);
        }
    }

    @Test
    void anIdlePoolParksEveryThreadOnceTheSpinBudgetIsSpent() {
        pool = KnittingPool.builder().name("idle-cpu").threads(2).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        for (int i = 0; i < 10_000; i++) {
            plus.call(i).await().indefinitely();
        }

        // what idling costs in CPU time is measured by the benchmarks' IdleCpuProbe; here: nothing keeps spinning
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("knitting-idle-cpu-"))
                .allMatch(thread -> thread.getState() == Thread.State.WAITING
                        || thread.getState() == Thread.State.TIMED_WAITING));
    }
}
