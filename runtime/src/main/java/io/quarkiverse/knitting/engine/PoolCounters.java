package io.quarkiverse.knitting.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * The pool-wide counters behind {@code PoolStats}, for outcomes settled off a worker lane's own answer path (worker
 * lanes count what they settle themselves, on their own cache lines). Callers and lanes on every thread bump them,
 * so each is a {@link LongAdder}: striped cells instead of one contended cache line.
 */
final class PoolCounters {

    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** Every call that reached dispatch, whatever became of it. */
    void submitted() {
        submitted.increment();
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
    Snapshot read() {
        long c = completed.sum();
        long f = failed.sum();
        long x = cancelled.sum();
        long r = rejected.sum();
        return new Snapshot(submitted.sum(), c, f, x, r);
    }

    record Snapshot(long submitted, long completed, long failed, long cancelled, long rejected) {
    }
}
