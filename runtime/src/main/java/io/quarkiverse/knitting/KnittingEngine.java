package io.quarkiverse.knitting;

/**
 * What the API needs from the engine that implements it: the one way this package reaches the engine, found with
 * {@link java.util.ServiceLoader} so that the two packages do not import each other. Not for applications.
 */
public interface KnittingEngine {

    /** Starts a pool with validated settings: its worker threads run when this returns. */
    KnittingPool start(PoolSettings settings);

    /** The signal of the abortable call running on this thread, or a signal that never aborts. */
    AbortSignal currentSignal();
}
