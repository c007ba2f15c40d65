package io.quarkiverse.knitting;

/**
 * The pool refused a call under load: its {@code max-queued} bound was full when the call arrived, or the call waited
 * in a queue longer than its queue deadline ({@code queue-timeout-ms}). A rejected call never ran; it is counted in
 * {@link PoolStats#rejected()}. Retrying later is safe.
 */
public class TaskRejectedException extends KnittingException {

    public static final String CODE = "KNT_REJECTED";

    /** Why the call was refused. */
    public enum Reason {
        /** {@code max-queued} calls were already waiting in the pool. */
        QUEUE_FULL,
        /** The call waited in a queue past its queue deadline. */
        QUEUE_TIMEOUT
    }

    private final Reason reason;

    public TaskRejectedException(Reason reason, String message) {
        super(CODE, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
