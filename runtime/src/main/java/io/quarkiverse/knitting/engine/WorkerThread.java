package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.AbortSignal;

/**
 * A lane's worker thread. It carries the running call's abort signal for {@code AbortSignal.current()} and what a
 * call made from this thread needs to know: whether it comes from the lane subscribing to a body's output (then it is
 * dispatched as usual while the pool is open, not run in place as calls made by a body are). Its plain fields are
 * written and read only by this thread.
 */
final class WorkerThread extends Thread {

    final Pool pool;
    final WorkerLane lane;
    /** The signal of the abortable call running now, or null. */
    AbortSignal signal;
    /** True while the lane subscribes to the output a body returned. */
    boolean forwarding;
    /** Calls run in place by the body running now. */
    final InPlaceCalls nested = new InPlaceCalls();
    /** The pool's class loader, which every body on this thread starts with. */
    private final ClassLoader contextLoader;

    /**
     * Inherits no thread locals from the thread that creates it (a caller, a worker handing over, the watchdog): a
     * body must not see another thread's MDC fallback map or request data. Its context class loader is the pool's.
     */
    WorkerThread(Pool pool, WorkerLane lane, Runnable body, String name, long stackSizeBytes,
            ClassLoader contextLoader) {
        super(null, body, name, stackSizeBytes, false);
        this.pool = pool;
        this.lane = lane;
        this.contextLoader = contextLoader;
        setContextClassLoader(contextLoader);
        setDaemon(true);
    }

    /** The worker of {@code pool} whose lane runs a body on the current thread now, or null. */
    static WorkerThread runningABodyOf(Pool pool) {
        return Thread.currentThread() instanceof WorkerThread self && self.pool == pool && self.lane.runsBodyOn(self)
                ? self : null;
    }

    /**
     * The worker of {@code pool} on the current thread when it subscribes to the output a body returned, its lane
     * still holding that body's call (see {@code BodyRunner}); or null.
     */
    static WorkerThread forwardingAnOutputOf(Pool pool) {
        return Thread.currentThread() instanceof WorkerThread self && self.pool == pool && self.forwarding
                && self.lane.holdsACallOn(self) ? self : null;
    }

    /** Puts the pool's class loader back after a body that changed this thread's and did not restore it. */
    void restoreContextLoader() {
        if (getContextClassLoader() != contextLoader) {
            setContextClassLoader(contextLoader);
        }
    }
}
