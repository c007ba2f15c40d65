package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Eight callers push a million calls through four lanes while everything that runs user code misbehaves now and
 * then: bodies throw, results throw when measured, subscribers throw or dawdle, callers cancel, runaway bodies trip
 * the hard timeout, soft timeouts fire, the abort slots run out, and a shutdown lands while the callers are still
 * calling. At the end every call has been answered at most once (exactly once unless its caller cancelled it), each
 * answer matches a counter, the counters add up, every abort slot is free, and no thread is left.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FaultInjectionStressTest {

    private static final int CALLERS = 8;
    private static final int LANES = 4;
    private static final int CALLS = 1_000_000;
    private static final int WINDOW = 256;
    /** The shutdown starts once this many calls were sent: the callers are still busy. */
    private static final int SHUTDOWN_AFTER = CALLS * 9 / 10;

    @ParameterizedTest(name = "inliner {0}")
    @ValueSource(booleans = { false, true })
    void everyCallIsAnsweredAtMostOnceAndTheBooksBalance(boolean inliner) throws Exception {
        Infrastructure.setDroppedExceptionHandler(subscriberFailure -> DROPPED.incrementAndGet());
        try {
            run(inliner);
        } finally {
            Infrastructure.resetDroppedExceptionHandler();
        }
    }

    private void run(boolean inliner) throws Exception {
        String name = "faults-" + (inliner ? "inline" : "lanes");
        Pool pool = (Pool) KnittingPool.builder().name(name).threads(LANES).inliner(inliner).hardTimeoutMs(50)
                .abortSignalCapacity(64).laneQueueCapacity(256).build();
        List<TaskRef<Integer, Object>> tasks = List.of(
                pool.register("plain", FaultInjectionStressTest::body),
                pool.register("abortable", TaskOptions.defaults().withAbortable(true), FaultInjectionStressTest::body),
                pool.register("soft-fail", TaskOptions.defaults().withTimeoutMs(20), FaultInjectionStressTest::body),
                pool.register("soft-null", TaskOptions.defaults().withTimeoutMs(20).withOnTimeout(OnTimeout.NULL),
                        FaultInjectionStressTest::body));
        Ledger ledger = new Ledger(CALLS);

        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int first = c;
            Thread caller = new Thread(() -> call(tasks, ledger, first), "fault-caller-" + c);
            callers.add(caller);
            caller.start();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> ledger.sent.get() >= SHUTDOWN_AFTER);
        pool.shutdown(); // races the callers: later calls are refused, queued ones fail, running ones finish
        for (Thread caller : callers) {
            caller.join();
        }
        pool.shutdown().await().atMost(Duration.ofMinutes(1));
        pool.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.outstanding.availablePermits() == CALLERS * WINDOW);

        ledger.assertEveryCallAnsweredAtMostOnce();
        PoolStats stats = pool.stats();
        assertThat(stats.submitted()).as("submitted").isEqualTo(CALLS);
        assertThat(stats.inFlight()).as("in flight").isZero();
        assertThat(stats.completed() + stats.failed() + stats.cancelled() + stats.rejected())
                .as("completed + failed + cancelled + rejected").isEqualTo(stats.submitted());
        assertThat(ledger.items.get()).as("items delivered").isEqualTo(stats.completed());
        assertThat(ledger.failures.get()).as("failures delivered").isEqualTo(stats.failed() + stats.rejected());
        assertThat(ledger.unanswered()).as("calls never answered").isEqualTo(stats.cancelled());
        assertThat(ledger.unansweredAmongNotCancelled()).as("unanswered calls their caller did not cancel").isZero();
        assertThat(stats.generation()).as("hard timeouts that fired").isPositive();
        assertThat(stats.rejected()).as("calls refused (abort slots, closed pool)").isPositive();
        assertThat(pool.abortSlots.inUse()).as("abort slots held").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().abandonedThreads() == 0);
        long ran = 0;
        for (long perLane : pool.stats().completedPerLane()) {
            ran += perLane;
        }
        assertThat(ran).as("bodies that ended, per lane").isEqualTo(BODIES_ENDED.getAndSet(0));
        assertThat(Threads.liveKnittingThreads(name)).as("threads left").isEmpty();
        assertThat(DROPPED.getAndSet(0)).as("subscriber exceptions reported").isPositive();
    }

    private static final AtomicLong DROPPED = new AtomicLong();
    private static final AtomicLong BODIES_ENDED = new AtomicLong();

    /** The same body for every task; the call's number decides how it misbehaves. */
    private static Object body(Integer id) {
        try {
            if (id % 997 == 0) {
                throw new IllegalStateException("body " + id + " fails");
            }
            if (id % 1_009 == 0) {
                return new UnmeasurableList(); // the payload guard's measuring throws
            }
            if (id % 199_999 == 1) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(80);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // a runaway, deaf to interrupts: the hard timeout (50 ms) must take it
                }
            }
            if (id % 4_001 == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30)); // past the soft timeout
            }
            return id;
        } finally {
            BODIES_ENDED.incrementAndGet();
        }
    }

    private static void call(List<TaskRef<Integer, Object>> tasks, Ledger ledger, int first) {
        for (int id = first; id < CALLS; id += CALLERS) {
            ledger.outstanding.acquireUninterruptibly();
            ledger.sent.incrementAndGet();
            Answer answer = new Answer(ledger, id);
            tasks.get(id & 3).call(id).subscribe().withSubscriber(answer);
            if (id % 50 == 7) {
                answer.cancelNow();
            }
        }
    }

    /** A result whose size cannot be read. */
    private static final class UnmeasurableList extends AbstractList<Object> {
        @Override
        public Object get(int index) {
            throw new IllegalStateException("not readable here");
        }

        @Override
        public int size() {
            throw new IllegalStateException("not readable here");
        }
    }

    /** What the callers saw, call by call. */
    private static final class Ledger {
        final AtomicIntegerArray answers;
        final AtomicIntegerArray cancelled;
        final AtomicLong items = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final Semaphore outstanding = new Semaphore(CALLERS * WINDOW);

        Ledger(int calls) {
            answers = new AtomicIntegerArray(calls);
            cancelled = new AtomicIntegerArray(calls);
        }

        void assertEveryCallAnsweredAtMostOnce() {
            for (int id = 0; id < answers.length(); id++) {
                assertThat(answers.get(id)).as("answers to call " + id).isLessThanOrEqualTo(1);
            }
        }

        long unanswered() {
            long none = 0;
            for (int id = 0; id < answers.length(); id++) {
                if (answers.get(id) == 0) {
                    none++;
                }
            }
            return none;
        }

        long unansweredAmongNotCancelled() {
            long none = 0;
            for (int id = 0; id < answers.length(); id++) {
                if (answers.get(id) == 0 && cancelled.get(id) == 0) {
                    none++;
                }
            }
            return none;
        }
    }

    /** One call's raw subscriber; some throw, some are slow, some cancel. */
    private static final class Answer implements UniSubscriber<Object> {
        private final Ledger ledger;
        private final int id;
        private volatile UniSubscription subscription;
        private final AtomicBoolean released = new AtomicBoolean();

        Answer(Ledger ledger, int id) {
            this.ledger = ledger;
            this.id = id;
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onItem(Object item) {
            ledger.items.incrementAndGet();
            answered();
            misbehave();
        }

        @Override
        public void onFailure(Throwable failure) {
            ledger.failures.incrementAndGet();
            answered();
            misbehave();
        }

        void cancelNow() {
            ledger.cancelled.set(id, 1);
            subscription.cancel();
            release();
        }

        private void answered() {
            ledger.answers.incrementAndGet(id);
            release();
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                ledger.outstanding.release();
            }
        }

        private void misbehave() {
            if (id % 1_013 == 0) {
                throw new IllegalStateException("subscriber of call " + id + " fails");
            }
            if (id % 10_007 == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a slow continuation
            }
        }
    }
}
