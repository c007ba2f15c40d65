package io.quarkiverse.knitting;

/** A call reached a pool that is shut down, or was still queued (or abortable and running) when it shut down. */
public class PoolClosedException extends KnittingException {

    public static final String CODE = "KNT_POOL_CLOSED";

    public PoolClosedException(String message) {
        super(CODE, message);
    }
}
