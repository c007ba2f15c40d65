package io.quarkiverse.knitting.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pool's way from open to terminated: closing it once (gracefully or now, as {@code worker.resolve-after-finishing-all}
 * says), the watchdog it starts on first need, and the moment it has terminated: closed, every thread it counts gone,
 * no call awaiting an output. Each of those events calls {@link #mayTerminate} after its own change, so the last one
 * to happen sees them all.
 * <p>
 * Contract: any thread may call; the close and the termination are each decided by one compare-and-set.
 */
final class PoolLifecycle {

    private final Pool pool;
    private final boolean graceful;
    private final PoolThreads threads;
    private final Termination termination;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stoppingNow;
    /** Written under this lifecycle's lock, read without it. */
    private volatile Watchdog watchdog;

    PoolLifecycle(Pool pool, boolean graceful, PoolThreads threads) {
        this.pool = pool;
        this.graceful = graceful;
        this.threads = threads;
        this.termination = new Termination(threads);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closed without waiting for queued calls: lanes fail what they still hold. */
    boolean isStoppingNow() {
        return stoppingNow;
    }

    /**
     * Whether a call that a running body of this pool makes, run in place, is refused: an immediate shutdown began, or
     * the pool has terminated (a check for safety: a body that runs keeps its thread counted). A graceful shutdown lets
     * accepted calls do all their work, the calls they make in place included.
     */
    boolean refusesCallsInPlace() {
        return stoppingNow || termination.isDecided();
    }

    boolean isTerminating() {
        return termination.isDecided();
    }

    Termination termination() {
        return termination;
    }

    /** The watchdog if it runs, else null; never starts it. */
    Watchdog watchdog() {
        return watchdog;
    }

    /** The watchdog, started on first need; null once the pool has terminated (nothing would stop it). */
    Watchdog startWatchdog() {
        Watchdog running = watchdog;
        return running != null ? running : startWatchdogOnce(); // no lock once it runs
    }

    private synchronized Watchdog startWatchdogOnce() {
        if (watchdog == null && !termination.isDecided()) {
            Watchdog dog = new Watchdog(pool, pool.settings.worker().hardTimeoutMs().orElse(0));
            dog.start();
            watchdog = dog;
        }
        return watchdog;
    }

    /** The watchdog's queue for deadlines of one kind and duration; starts the watchdog when needed. */
    DeadlineQueue deadlineQueue(DeadlineQueue.Kind kind, long millis) {
        Watchdog dog = startWatchdog();
        if (dog == null) {
            throw pool.closedError();
        }
        return dog.queue(kind, millis);
    }

    /** Whether the shutdown lets every accepted call run ({@code worker.resolve-after-finishing-all}). */
    boolean isGraceful() {
        return graceful;
    }

    /** Closes the pool after {@code delay}, on the pool's own watchdog: nothing shared can delay it. */
    void closeAfter(Duration delay) {
        Watchdog dog = isClosed() ? null : startWatchdog();
        if (dog != null) {
            dog.shutdownAfter(delay.toNanos());
        }
    }

    /** Closes the pool to new calls and stops its lanes, gracefully or now; once. */
    void close(Lanes lanes, HostDispatcher host, TaskRegistry tasks, PendingArguments pendingArguments,
            AwaitedOutputs outputs, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pool.tell(observer -> observer.closed(reason));
        if (!graceful) {
            stoppingNow = true;
        }
        pool.log.event("shutting down " + (graceful ? "after queued calls finish" : "now"));
        pendingArguments.closeAll();
        if (lanes.inline != null) {
            lanes.inline.closeBatches(graceful); // before the lanes are told to stop: they run the moved calls
        }
        host.requestStop(graceful);
        for (WorkerLane lane : lanes.workers) {
            if (graceful) {
                lane.requestStop(true);
                continue;
            }
            Call<?, ?> running = lane.running();
            if (running != null && running.task.abortable) {
                running.fail(pool.closedError());
            }
            WorkerThread worker = lane.worker();
            if (worker != null) {
                for (Call<?, ?> nested : worker.nested) { // abortable calls run in place inside the lane's call
                    if (nested.task.abortable) {
                        nested.fail(pool.closedError());
                    }
                }
            }
            lane.stopNow();
        }
        if (!graceful) {
            pool.standIns.failAbortable();
            outputs.failAll();
            tasks.failCallsWaitingForPermits(); // queued calls too, though not in a lane's queue
        }
        mayTerminate(outputs);
    }

    /** The host dispatcher left: lanes waiting for the overflow to drain may leave now. */
    void overflowTerminated(Lanes lanes) {
        for (WorkerLane lane : lanes.workers) {
            lane.requestStop(!stoppingNow);
        }
    }

    /** Completes the shutdown when this is the last of its three conditions to be met. */
    void mayTerminate(AwaitedOutputs outputs) {
        if (closed.get() && threads.noneCounted() && outputs.isEmpty() && termination.decide()) {
            Watchdog dog;
            synchronized (this) {
                dog = watchdog;
            }
            if (dog != null) {
                dog.stop(); // terminated completes when it has left
            } else {
                termination.complete();
            }
        }
    }

    /**
     * The watchdog's last line. It leaves when the termination stops it, and then completes it; one that died of an
     * error while the pool runs is forgotten instead, so that the next need starts another and a later termination
     * does not wait for this one to complete it.
     */
    void watchdogExited(Watchdog dog, Thread thread) {
        threads.exited(thread);
        synchronized (this) {
            if (!termination.isDecided()) {
                if (watchdog == dog) {
                    watchdog = null;
                }
                return;
            }
        }
        termination.complete();
    }
}
