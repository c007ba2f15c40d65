package io.quarkiverse.knitting.engine;

import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkiverse.knitting.AbortSignal;

/** A lane's worker thread; it carries the running call's abort signal for {@code AbortSignal.current()}. */
final class WorkerThread extends Thread {

    final Pool pool;
    /** The signal of the abortable call running now, or null; written and read only by this thread. */
    AbortSignal signal;
    /** Whether this thread still counts towards the pool's live threads; cleared once, on exit or abandonment. */
    private final AtomicBoolean counted = new AtomicBoolean(true);

    WorkerThread(Pool pool, Runnable body, String name, long stackSizeBytes) {
        super(null, body, name, stackSizeBytes);
        this.pool = pool;
        setDaemon(true);
    }

    /** True exactly once: for whichever of exit and abandonment comes first. */
    boolean uncount() {
        return counted.compareAndSet(true, false);
    }
}
