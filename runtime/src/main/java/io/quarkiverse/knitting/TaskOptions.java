package io.quarkiverse.knitting;

/**
 * Per-task options, the programmatic twin of {@link Task}'s members.
 *
 * @param timeoutMs soft timeout in milliseconds measured from the call; negative disables it
 * @param onTimeout what a timed-out call completes with
 * @param abortable whether calls hold an abort slot and see cancellation through {@link AbortSignal#current()}
 */
public record TaskOptions(long timeoutMs, OnTimeout onTimeout, boolean abortable) {

    private static final TaskOptions DEFAULTS = new TaskOptions(-1, OnTimeout.FAIL, false);

    public TaskOptions {
        if (onTimeout == null) {
            throw new IllegalArgumentException("Invalid task option onTimeout=null: allowed are FAIL and NULL");
        }
    }

    /** No timeout, {@link OnTimeout#FAIL}, not abortable. */
    public static TaskOptions defaults() {
        return DEFAULTS;
    }

    public TaskOptions withTimeoutMs(long timeoutMs) {
        return new TaskOptions(timeoutMs, onTimeout, abortable);
    }

    public TaskOptions withOnTimeout(OnTimeout onTimeout) {
        return new TaskOptions(timeoutMs, onTimeout, abortable);
    }

    public TaskOptions withAbortable(boolean abortable) {
        return new TaskOptions(timeoutMs, onTimeout, abortable);
    }

    /** Whether a soft timeout applies. */
    public boolean hasTimeout() {
        return timeoutMs >= 0;
    }
}
