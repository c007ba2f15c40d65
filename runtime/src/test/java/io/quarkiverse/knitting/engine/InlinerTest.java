package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;

class InlinerTest extends PoolTestBase {

    @Test
    void theInlineLaneRunsOnTheCallingThreadAndSitsLastByDefault() {
        pool = KnittingPool.builder().name("inline").threads(1).inliner(true).build();
        TaskRef<Integer, String> lane = pool.register("lane", n -> Thread.currentThread().getName());
        String caller = Thread.currentThread().getName();

        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(lane.call(i).await().atMost(WAIT));
        }

        assertThat(pool.lanes()).isEqualTo(2);
        assertThat(threads).containsExactly("knitting-inline-0", caller, "knitting-inline-0", caller);
        assertThat(pool.stats().completedPerLane()).containsExactly(2, 2);
    }

    @Test
    void positionFirstPutsTheInlineLaneAtIndexZero() {
        pool = KnittingPool.builder().name("first").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        TaskRef<Integer, String> lane = pool.register("lane", n -> Thread.currentThread().getName());

        assertThat(lane.call(1).await().atMost(WAIT)).isEqualTo(Thread.currentThread().getName());
        assertThat(pool.stats().completedPerLane()).containsExactly(1, 0);
    }

    @Test
    void inlineCallsSeeASignalThatNeverAborts() {
        pool = KnittingPool.builder().threads(1).inliner(true).inlinerPosition(InlinerPosition.FIRST)
                .balancer(Balancer.FIRST_IDLE).build();
        TaskRef<Integer, AbortSignal> signal = pool.register("signal",
                io.quarkiverse.knitting.TaskOptions.defaults().withAbortable(true), n -> AbortSignal.current());

        assertThat(signal.call(1).await().atMost(WAIT)).isSameAs(AbortSignals.NEVER);
    }

    @Test
    void dispatchThresholdKeepsTheInlineLaneOutUntilEnoughCallsAreInFlight() throws Exception {
        pool = KnittingPool.builder().name("threshold").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE)
                .inlinerDispatchThreshold(2).build();
        TaskRef<Integer, String> lane = pool.register("lane", n -> {
            if (n == 0) {
                release.await();
            }
            return Thread.currentThread().getName();
        });

        var first = lane.call(0).subscribeAsCompletionStage(); // 1 in flight: below the threshold, goes to a worker
        String second = lane.call(1).await().atMost(WAIT); // 2 in flight: the inline lane is eligible, and first

        assertThat(second).isEqualTo(Thread.currentThread().getName());
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("knitting-threshold-1");
    }

    @Test
    void withACallerExecutorInlineCallsRunThereInBatchesOfBatchSize() {
        pool = KnittingPool.builder().threads(1).inliner(true).inlinerPosition(InlinerPosition.FIRST)
                .balancer(Balancer.FIRST_IDLE).inlinerBatchSize(2).build();
        List<Integer> ran = new ArrayList<>();
        TaskRef<Integer, Integer> record = pool.register("record", n -> {
            ran.add(n);
            return n;
        });
        ManualExecutor eventLoop = new ManualExecutor();

        for (int i = 0; i < 5; i++) {
            record.call(i, eventLoop).subscribe().with(n -> {
            });
        }
        assertThat(ran).isEmpty();
        assertThat(eventLoop.pending()).isEqualTo(1); // one turn scheduled for the whole burst

        List<Integer> ranPerTurn = new ArrayList<>();
        while (eventLoop.pending() > 0) {
            int before = ran.size();
            eventLoop.runOneTurn();
            ranPerTurn.add(ran.size() - before);
        }
        assertThat(ran).containsExactly(0, 1, 2, 3, 4);
        assertThat(ranPerTurn).filteredOn(n -> n > 0).containsExactly(2, 2, 1); // the rest were result deliveries
    }

    /**
     * An inline call waiting in its caller's batch was accepted, so a graceful shutdown runs it, without waiting for
     * the caller's executor to take its turn (it may never take it, or be the thread that closes the pool): the call
     * moves to a worker lane, and the pool terminates after it ran. The shutdown used to end with the call still
     * waiting, and its body ran later on a pool that had terminated.
     */
    @Test
    void aGracefulShutdownRunsTheInlineCallsWaitingForTheirCallersTurnOnALane() throws Exception {
        pool = KnittingPool.builder().name("inline-drain").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).resolveAfterFinishingAll(true)
                .build();
        java.util.concurrent.atomic.AtomicReference<String> ranOn = new java.util.concurrent.atomic.AtomicReference<>();
        TaskRef<Integer, Integer> twice = pool.register("twice", n -> {
            ranOn.set(Thread.currentThread().getName());
            return n * 2;
        });
        ManualExecutor eventLoop = new ManualExecutor();
        CompletableFuture<Integer> waiting = twice.call(21, eventLoop).subscribeAsCompletionStage();
        assertThat(eventLoop.pending()).isEqualTo(1);

        pool.shutdown().subscribeAsCompletionStage().get(10, TimeUnit.SECONDS);
        assertThat(ranOn.get()).isEqualTo("knitting-inline-drain-1");
        eventLoop.runAllTurns(); // the turn finds its call gone; the answer's delivery

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(pool.stats().inFlight()).isZero();
    }

    /** An immediate shutdown fails the inline calls waiting for their caller's turn at once, as queued ones. */
    @Test
    void anImmediateShutdownFailsTheInlineCallsWaitingForTheirCallersTurn() throws Exception {
        pool = KnittingPool.builder().name("inline-now").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        AtomicBoolean ran = new AtomicBoolean();
        TaskRef<Integer, Integer> twice = pool.register("twice", n -> {
            ran.set(true);
            return n * 2;
        });
        ManualExecutor eventLoop = new ManualExecutor();
        CompletableFuture<Integer> waiting = twice.call(21, eventLoop).subscribeAsCompletionStage();

        pool.shutdown().subscribeAsCompletionStage().get(10, TimeUnit.SECONDS);
        eventLoop.runAllTurns();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.quarkiverse.knitting.PoolClosedException.class);
        assertThat(ran).isFalse();
        assertThat(pool.stats().inFlight()).isZero();
    }

    /**
     * A caller's executor that throws instead of taking a turn: the inline calls run on the calling thread then, this
     * one and the next ones. Only a refusal ({@code RejectedExecutionException}) used to be caught, and any other
     * failure left the batch marked as scheduled, so that no later call of that caller ever ran.
     */
    @Test
    void aCallerExecutorThatThrowsLeavesNoInlineCallWaiting() {
        pool = KnittingPool.builder().threads(1).inliner(true).inlinerPosition(InlinerPosition.FIRST)
                .balancer(Balancer.FIRST_IDLE).build();
        TaskRef<Integer, String> where = pool.register("where", n -> Thread.currentThread().getName());
        Executor broken = command -> {
            throw new IllegalStateException("this executor is broken");
        };

        for (int i = 0; i < 3; i++) {
            assertThat(where.call(i, broken).await().atMost(WAIT)).isEqualTo(Thread.currentThread().getName());
        }
    }

    /**
     * An inline call runs on its caller's thread, which may be a worker of another pool whose body made the call. Its
     * body sees a signal that never aborts, as every inline call does, not the signal of that worker's call (aborted
     * here by its soft timeout).
     */
    @Test
    void anInlineCallOnAnotherPoolsWorkerSeesASignalThatNeverAborts() throws Exception {
        pool = KnittingPool.builder().name("inline-signal").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        TaskRef<Integer, Boolean> aborted = pool.register("aborted", n -> AbortSignal.current().hasAborted());
        KnittingPool other = KnittingPool.builder().name("inline-signal-other").threads(1).build();
        try {
            CompletableFuture<Boolean> seen = new CompletableFuture<>();
            TaskRef<Integer, Integer> outer = other.register("outer",
                    TaskOptions.defaults().withTimeoutMs(20).withAbortable(true), n -> {
                        while (!AbortSignal.current().hasAborted()) { // until its soft timeout
                            Thread.onSpinWait();
                        }
                        seen.complete(aborted.call(1).await().atMost(WAIT));
                        return n;
                    });
            outer.call(1).subscribe().with(n -> {
            }, timedOut -> {
            });

            assertThat(seen.get(10, TimeUnit.SECONDS)).isFalse();
        } finally {
            other.close();
        }
    }

    /** An event loop driven by the test, one turn at a time. */
    private static final class ManualExecutor implements Executor {
        private final Queue<Runnable> turns = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable command) {
            turns.add(command);
        }

        synchronized int pending() {
            return turns.size();
        }

        void runOneTurn() {
            Runnable turn;
            synchronized (this) {
                turn = turns.poll();
            }
            if (turn != null) {
                turn.run();
            }
        }

        void runAllTurns() {
            while (pending() > 0) {
                runOneTurn();
            }
        }

    }

    /**
     * A continuation that a lane runs (an answer delivered on the lane's thread, with no caller executor) and that
     * calls the pool does not get the call inline on that thread: the lane's thread is the lane's, and a body there
     * that waits for a call of its own pool would wait behind itself. The call is queued on a lane instead, where its
     * body runs as a body, and what it awaits runs in place.
     */
    @Test
    void aCallMadeInAContinuationOnALaneIsNotRunInlineThere() {
        AtomicBoolean inlineNext = new AtomicBoolean();
        LaneBalancer inlineWhenAsked = (lanes, from, to) -> inlineNext.getAndSet(false) ? lanes[to - 1] : lanes[from];
        Pool engine = Pool.start(KnittingPool.builder().name("inline-continuation").threads(1).inliner(true)
                .settings(), inlineWhenAsked);
        pool = engine;
        TaskRef<Integer, Integer> first = engine.register("first", n -> n);
        TaskRef<Integer, Integer> inner = engine.register("inner", n -> n + 1);
        TaskRef<Integer, Integer> outer = engine.register("outer", n -> inner.call(n).await().atMost(WAIT));

        Integer result = first.call(1).chain(n -> {
            inlineNext.set(true); // the balancer would send the next call to the inline lane
            return outer.call(n);
        }).await().atMost(WAIT.multipliedBy(2));

        assertThat(result).isEqualTo(2);
    }

    /**
     * A caller's executor is user code: one whose {@code batchKey()} or {@code turnExecutor()} throws gets its inline
     * call run all the same (at once on the calling thread, or on the executor itself), answered once and counted.
     */
    @Test
    void aCallerExecutorThatThrowsWhenAskedHowToBatchStillGetsItsCallsRun() {
        LaneBalancer inline = (lanes, from, to) -> lanes[to - 1];
        Pool engine = Pool.start(KnittingPool.builder().name("inline-bad-executor").threads(1).inliner(true)
                .settings(), inline);
        pool = engine;
        TaskRef<Integer, Integer> plus = engine.register("plus", n -> n + 1);
        CallerExecutor noKey = new CallerExecutor() {
            @Override
            public Object batchKey() {
                throw new IllegalStateException("no key");
            }

            @Override
            public void execute(Runnable command) {
                command.run();
            }
        };
        CallerExecutor noTurns = new CallerExecutor() {
            @Override
            public Object batchKey() {
                return this;
            }

            @Override
            public Executor turnExecutor() {
                throw new IllegalStateException("no turns");
            }

            @Override
            public void execute(Runnable command) {
                command.run();
            }
        };

        assertThat(plus.call(1, noKey).await().atMost(WAIT)).isEqualTo(2);
        assertThat(plus.call(2, noTurns).await().atMost(WAIT)).isEqualTo(3);
        assertThat(engine.stats().inFlight()).isZero();
        assertThat(engine.stats().completed()).isEqualTo(2);
    }
}
