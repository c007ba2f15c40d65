package io.quarkiverse.knitting.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * The pool-wide counters behind {@code PoolStats}, for outcomes settled off a worker lane's own answer path (worker
 * lanes count what they settle themselves, on their own cache lines). Callers and lanes on every thread bump them,
 * so each is a {@link LongAdder}: striped cells instead of one contended cache line.
 */
final class PoolCounters {

    /** Submitted calls that took no place under {@code max-queued}: refused before it, or run in place. */
    private final LongAdder outsideTheBound = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /**
     * A call refused before it took a place under {@code max-queued} (closed pool, payload, full bound). Submitted
     * calls are these, the ones run in place, and the admitted ones, which {@link QueuedCalls} counts anyway: the
     * hot path pays no counter of its own for {@code submitted}.
     */
    void notAdmitted() {
        outsideTheBound.increment();
    }

    /** A call a body made to its own pool, run in place: it never waits in a queue, so it takes no place there. */
    void admittedInPlace() {
        outsideTheBound.increment();
    }

    /** The pool's counter of {@code outcome}; a timeout counts as completed or failed, so its caller says which. */
    void count(TaskMeter.Outcome outcome) {
        switch (outcome) {
            case COMPLETED -> completed();
            case FAILED, HARD_TIMEOUT -> failed();
            case CANCELLED -> cancelled();
            case REJECTED -> rejected();
            case TIMEOUT -> throw new IllegalArgumentException("a timeout counts as completed or failed");
        }
    }

    void completed() {
        completed.increment();
    }

    void failed() {
        failed.increment();
    }

    void cancelled() {
        cancelled.increment();
    }

    void rejected() {
        rejected.increment();
    }

    /** A consistent-enough reading: outcomes first and submitted last, so no outcome is ahead of submitted. */
    Snapshot read(QueuedCalls queued) {
        long c = completed.sum();
        long f = failed.sum();
        long x = cancelled.sum();
        long r = rejected.sum();
        return new Snapshot(outsideTheBound.sum() + queued.admitted(), c, f, x, r);
    }

    record Snapshot(long submitted, long completed, long failed, long cancelled, long rejected) {
    }
}
