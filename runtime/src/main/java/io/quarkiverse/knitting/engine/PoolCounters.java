package io.quarkiverse.knitting.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * The pool-wide counters behind {@code PoolStats}. Callers and lanes on every thread bump them, so each is a
 * {@link LongAdder}: striped cells instead of one contended cache line.
 */
final class PoolCounters {

    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    void submitted() {
        submitted.increment();
    }

    /** Undoes {@link #submitted()} for a call its caller cancelled before it was accepted. */
    void withdrawn() {
        submitted.decrement();
    }

    void completed(Call<?, ?> call) {
        completed.increment();
        call.task.leave();
    }

    void failed(Call<?, ?> call) {
        failed.increment();
        call.task.leave();
    }

    void cancelled(Call<?, ?> call) {
        cancelled.increment();
        call.task.leave();
    }

    void rejected() {
        rejected.increment();
    }

    /** Fills {@code into} with completed, failed, cancelled, rejected, submitted: submitted last, so none is behind. */
    void read(long[] into) {
        into[0] = completed.sum();
        into[1] = failed.sum();
        into[2] = cancelled.sum();
        into[3] = rejected.sum();
        into[4] = submitted.sum();
    }
}
