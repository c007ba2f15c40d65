package io.quarkiverse.knitting;

/**
 * Per-task options, the programmatic twin of {@link Task}'s members.
 *
 * @param timeoutMs soft timeout in milliseconds measured from the call; negative disables it
 * @param onTimeout what a timed-out call completes with
 * @param abortable whether calls hold an abort slot and see cancellation through {@link AbortSignal#current()}
 * @param cancelAfterMs a deadline, measured from the call, after which the call is given up: aborted, never run if
 *        still queued, and failed with {@link TaskTimeoutException}. It mirrors an outer timeout that answers the
 *        caller itself (Fault Tolerance's {@code @Timeout}), which then ignores this late answer; a caller that was
 *        not answered gets it, so no call is left unanswered. Negative disables it
 * @param queueTimeoutMs the longest a call may wait in a queue before a lane starts it; past it the call fails with
 *        {@link TaskRejectedException} and never runs. Negative: the pool's {@code queue-timeout-ms}
 * @param maxConcurrency the most bodies of this task that run at once across the pool's lanes; further calls wait in
 *        the pool (counted in {@code max-queued}, under the queue deadline) and start in order as running ones end,
 *        without holding a lane while they wait. Below 1: no limit
 */
public record TaskOptions(long timeoutMs, OnTimeout onTimeout, boolean abortable, long cancelAfterMs,
        long queueTimeoutMs, int maxConcurrency) {

    private static final TaskOptions DEFAULTS = new TaskOptions(-1, OnTimeout.FAIL, false, -1, -1, -1);

    public TaskOptions {
        if (onTimeout == null) {
            throw new IllegalArgumentException("Invalid task option onTimeout=null: allowed are FAIL and NULL");
        }
        if (queueTimeoutMs == 0) {
            throw new IllegalArgumentException("Invalid task option queueTimeoutMs=0: allowed are a positive number of "
                    + "milliseconds, or a negative value for the pool's queue-timeout-ms");
        }
    }

    /** Options without a concurrency limit. */
    public TaskOptions(long timeoutMs, OnTimeout onTimeout, boolean abortable, long cancelAfterMs,
            long queueTimeoutMs) {
        this(timeoutMs, onTimeout, abortable, cancelAfterMs, queueTimeoutMs, -1);
    }

    /** Options with the pool's queue deadline and no concurrency limit. */
    public TaskOptions(long timeoutMs, OnTimeout onTimeout, boolean abortable, long cancelAfterMs) {
        this(timeoutMs, onTimeout, abortable, cancelAfterMs, -1, -1);
    }

    /** Options without a cancel deadline, with the pool's queue deadline and no concurrency limit. */
    public TaskOptions(long timeoutMs, OnTimeout onTimeout, boolean abortable) {
        this(timeoutMs, onTimeout, abortable, -1, -1, -1);
    }

    /** No timeout, {@link OnTimeout#FAIL}, not abortable. */
    public static TaskOptions defaults() {
        return DEFAULTS;
    }

    public TaskOptions withTimeoutMs(long timeoutMs) {
        return new TaskOptions(timeoutMs, onTimeout, abortable, cancelAfterMs, queueTimeoutMs, maxConcurrency);
    }

    public TaskOptions withOnTimeout(OnTimeout onTimeout) {
        return new TaskOptions(timeoutMs, onTimeout, abortable, cancelAfterMs, queueTimeoutMs, maxConcurrency);
    }

    public TaskOptions withAbortable(boolean abortable) {
        return new TaskOptions(timeoutMs, onTimeout, abortable, cancelAfterMs, queueTimeoutMs, maxConcurrency);
    }

    public TaskOptions withCancelAfterMs(long cancelAfterMs) {
        return new TaskOptions(timeoutMs, onTimeout, abortable, cancelAfterMs, queueTimeoutMs, maxConcurrency);
    }

    public TaskOptions withQueueTimeoutMs(long queueTimeoutMs) {
        return new TaskOptions(timeoutMs, onTimeout, abortable, cancelAfterMs, queueTimeoutMs, maxConcurrency);
    }

    public TaskOptions withMaxConcurrency(int maxConcurrency) {
        return new TaskOptions(timeoutMs, onTimeout, abortable, cancelAfterMs, queueTimeoutMs, maxConcurrency);
    }

    /** Whether a concurrency limit applies. */
    public boolean hasConcurrencyLimit() {
        return maxConcurrency >= 1;
    }

    /** Whether a soft timeout applies. */
    public boolean hasTimeout() {
        return timeoutMs >= 0;
    }

    /** Whether a cancel deadline applies. */
    public boolean hasCancelDeadline() {
        return cancelAfterMs >= 0;
    }
}
