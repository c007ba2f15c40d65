package io.quarkiverse.knitting;

/**
 * The cancellation signal of an abortable call, polled by the task body.
 * <p>
 * A call aborts when its caller cancels the subscription (or the future), when its soft timeout passes, or when the
 * pool shuts down. Aborting is cooperative: the body decides when to look and how to stop.
 */
public interface AbortSignal {

    /** Whether the call this signal belongs to has been aborted. */
    boolean hasAborted();

    /** Monotonic time in milliseconds with sub-millisecond precision; only differences are meaningful. */
    default double now() {
        return System.nanoTime() / 1_000_000.0;
    }

    /**
     * The signal of the abortable call running on this thread; outside an abortable call, and on the inline lane,
     * a signal that never aborts.
     */
    static AbortSignal current() {
        return EngineLoader.ENGINE.currentSignal();
    }
}
