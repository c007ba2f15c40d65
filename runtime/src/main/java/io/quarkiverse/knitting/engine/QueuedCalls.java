package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool's {@code max-queued} bound: calls accepted and not yet running, in every lane queue and the overflow
 * together, never more than {@code max}. Queued = admitted - left, and the two sides are counted apart so that a
 * call costs no cache line shared between caller and worker:
 * <ul>
 * <li>callers count {@code admitted} here, and compare it with {@code leftSeen}, a lower bound of the calls that have
 * left (so the estimate of queued calls is never below the truth);</li>
 * <li>each worker lane counts the calls it started on its own cache line ({@link WorkerLane#countStarted()}); every
 * other way out of a queue (the inline lane, a stand-in, a cancel, a timeout, shutdown) counts in a
 * {@link LongAdder}.</li>
 * </ul>
 * Only when the estimate reaches the bound does a caller add up the lanes' counts and refresh {@code leftSeen}; it
 * refuses the call if the bound is still full then. Calls in a steady stream refresh once per {@code max} calls.
 */
final class QueuedCalls extends QueuedCallsPadding {

    private static final VarHandle ADMITTED;
    private static final VarHandle LEFT_SEEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ADMITTED = lookup.findVarHandle(QueuedCallsCounts.class, "admitted", long.class);
            LEFT_SEEN = lookup.findVarHandle(QueuedCallsCounts.class, "leftSeen", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long max;
    private final Pool pool;
    private final LongAdder leftElsewhere = new LongAdder();

    QueuedCalls(long max, Pool pool) {
        this.max = max;
        this.pool = pool;
    }

    long max() {
        return max;
    }

    /** Takes a place under the bound; false when {@code max} calls are queued already. */
    boolean tryEnter() {
        for (;;) {
            long now = admitted;
            if (now - leftSeen >= max && now - refreshLeft() >= max) {
                return false;
            }
            if (ADMITTED.weakCompareAndSet(this, now, now + 1)) {
                return true;
            }
        }
    }

    /** A call left the queues other than by a worker lane starting it. */
    void leave() {
        leftElsewhere.increment();
    }

    /** Calls that took a place under the bound, ever. */
    long admitted() {
        return admitted;
    }

    /**
     * Calls accepted and not yet running, now; never below the truth at the moment {@code admitted} is read (the
     * calls that left are read first: a call admitted and started in between would hide one still on its way).
     */
    long count() {
        long left = refreshLeft();
        return admitted - left;
    }

    /** Adds up every way out of the queues and raises {@code leftSeen} to it; returns the new lower bound. */
    private long refreshLeft() {
        long left = leftElsewhere.sum();
        for (WorkerLane lane : pool.lanes.workers) {
            left += lane.startedHere();
        }
        for (;;) {
            long seen = leftSeen;
            if (left <= seen) {
                return seen;
            }
            if (LEFT_SEEN.compareAndSet(this, seen, left)) {
                return left;
            }
        }
    }
}

abstract class QueuedCallsLeadingPadding {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** What callers write and read on every call, together on one line and away from anything a worker writes. */
abstract class QueuedCallsCounts extends QueuedCallsLeadingPadding {
    volatile long admitted;
    volatile long leftSeen;
}

abstract class QueuedCallsPadding extends QueuedCallsCounts {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}
