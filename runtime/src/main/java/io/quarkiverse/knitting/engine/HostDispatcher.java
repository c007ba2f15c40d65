package io.quarkiverse.knitting.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * Moves calls from the pool's overflow queue into lane queues once they have room, so that a caller that finds its
 * lane full never blocks. While lanes stay full it retries {@code host.stall-free-loops} times, then backs off with
 * parks that double up to {@code host.max-backoff-ms}; with nothing to move it parks until a spill wakes it. A
 * graceful stop lets it leave once the overflow is empty and every accepted call has started
 * ({@link Pool#noCallOnItsWayToALane}): until then a caller whose lane is full may spill here yet.
 * <p>
 * Contract: any thread offers; only the dispatcher thread polls, until it terminates; after that, late offers are
 * drained through a {@link ClosedDrain}.
 */
final class HostDispatcher {

    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** How often a gracefully stopping dispatcher looks whether every accepted call has started. */
    private static final long LATE_SPILL_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The dispatcher's own control orders. */
    private static final int RUN = 0;
    private static final int STOP_GRACEFULLY = 2;
    private static final int STOP_NOW = 3;

    private final Pool pool;
    private final MpscUnboundedAtomicArrayQueue<Call<?, ?>> overflow = new MpscUnboundedAtomicArrayQueue<>(1024);
    private final ClosedDrain closedDrain;
    /** While lanes stay full: spins, then parks doubling from 50 µs to {@code host.max-backoff-ms}; never yields. */
    private final BackoffIdleStrategy backoff;
    private volatile int parked;
    /** {@link #RUN}, {@link #STOP_GRACEFULLY} or {@link #STOP_NOW}. */
    private volatile int control;
    private volatile boolean terminated;
    private Thread thread;
    private int rotation;

    HostDispatcher(Pool pool, int stallFreeLoops, long maxBackoffMs) {
        this.pool = pool;
        this.closedDrain = new ClosedDrain(overflow, pool);
        this.backoff = new BackoffIdleStrategy(stallFreeLoops, 0, FIRST_BACKOFF_NANOS,
                Math.max(FIRST_BACKOFF_NANOS, TimeUnit.MILLISECONDS.toNanos(maxBackoffMs)));
    }

    void start() {
        thread = pool.threads.newControl(this::dispatch, "host", true);
        thread.start();
    }

    void offer(Call<?, ?> call) {
        overflow.offer(call);
        if (parked != 0) {
            LockSupport.unpark(thread);
        }
        if (terminated) {
            closedDrain.drain();
        }
    }

    void requestStop(boolean gracefully) {
        control = gracefully ? STOP_GRACEFULLY : STOP_NOW;
        LockSupport.unpark(thread);
    }

    /** Nothing will move from the overflow queue any more. */
    boolean isTerminated() {
        return terminated;
    }

    private void dispatch() {
        try {
            for (;;) {
                int order = control;
                if (order == STOP_NOW) {
                    return;
                }
                Call<?, ?> call = overflow.peek();
                if (call == null) {
                    if (order == STOP_GRACEFULLY) {
                        if (pool.noCallOnItsWayToALane()) {
                            return;
                        }
                        awaitEveryCallStarted();
                        continue;
                    }
                    if (prepareToPark()) {
                        LockSupport.park(this);
                        unparked();
                    }
                    continue;
                }
                boolean settled = call.isSettled(); // cancelled or timed out while it waited here
                if (settled || moveToALane(call)) {
                    overflow.poll();
                    backoff.reset();
                } else {
                    backoff.idle(); // every lane is still full
                }
            }
        } finally {
            terminated = true;
            try {
                closedDrain.drain();
            } finally {
                try {
                    pool.overflowTerminated();
                } finally {
                    pool.threads.exited(thread);
                }
            }
        }
    }

    /** A lane closed for good is passed over while another runs; with every lane closed the call fails there. */
    private boolean moveToALane(Call<?, ?> call) {
        WorkerLane[] lanes = pool.lanes.workers;
        int start = rotation++;
        boolean anyRunning = false;
        for (int i = 0; i < lanes.length; i++) {
            WorkerLane lane = lanes[(start + i & Integer.MAX_VALUE) % lanes.length];
            if (!lane.terminated) {
                anyRunning = true;
                if (lane.offer(call)) {
                    return true;
                }
            }
        }
        return !anyRunning && lanes[0].offer(call);
    }

    /** Announces the park, then checks once more: an offer made meanwhile either sees the flag or is seen here. */
    private boolean prepareToPark() {
        parked = 1;
        if (!overflow.isEmpty() || control != RUN) {
            parked = 0;
            return false;
        }
        return true;
    }

    /**
     * A graceful stop with accepted calls not yet started: a caller whose lane is full may still spill here, and a
     * call moved here after this dispatcher left would fail as closed. It looks again after a short park, or at once
     * when a spill wakes it.
     */
    private void awaitEveryCallStarted() {
        parked = 1;
        if (overflow.isEmpty()) {
            LockSupport.parkNanos(this, LATE_SPILL_LOOK_NANOS);
        }
        parked = 0;
    }

    private void unparked() {
        parked = 0;
    }
}
