package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jctools.queues.atomic.AtomicReferenceArrayQueue;

/**
 * The fields of a {@link WorkerLane} and their handles, laid out so that what producers read on every submit and what the worker
 * writes on every call never share a cache line: superclass fields come first in the object, so the padding classes
 * between the groups keep them at least 128 bytes apart (two lines, against the adjacent-line prefetcher).
 */
abstract class WorkerLaneColdFields {
    final Pool pool;
    final int index;
    /**
     * Multi-producer; single-consumer ({@code MpscAtomicArrayQueue}) unless the pool steals, when sibling lanes poll it
     * too ({@code MpmcAtomicArrayQueue}).
     */
    final AtomicReferenceArrayQueue<Call<?, ?>> queue;
    /**
     * {@link #PARKING} while the worker is parked or about to park, else 0; producers read it on every submit, the
     * worker rarely writes.
     */
    volatile int parked;
    static final int PARKING = 1;
    /**
     * From this {@code System.nanoTime()} on the parked worker counts as idle ({@link ParkGate#prepareToPark}). Plain:
     * the worker writes it before it sets {@code parked}, and a producer reads it after clearing {@code parked}; a
     * value from the worker's next park phase, read late, only changes whether that producer yields once.
     */
    long idleAt;
    /** {@link #RUN}, {@link #RENEW}, {@link #STOP_GRACEFULLY} or {@link #STOP_NOW}: what the worker is asked to do. */
    volatile int control;
    static final int RUN = 0;
    static final int RENEW = 1;
    static final int STOP_GRACEFULLY = 2;
    static final int STOP_NOW = 3;
    /** The worker left for good; offers from now on are drained as closed. */
    volatile boolean terminated;
    volatile WorkerThread worker;

    static final VarHandle CONTROL;
    static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CONTROL = lookup.findVarHandle(WorkerLaneColdFields.class, "control", int.class);
            PARKED = lookup.findVarHandle(WorkerLaneColdFields.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    WorkerLaneColdFields(Pool pool, int index, AtomicReferenceArrayQueue<Call<?, ?>> queue) {
        this.pool = pool;
        this.index = index;
        this.queue = queue;
    }
}

abstract class WorkerLanePadding extends WorkerLaneColdFields {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    WorkerLanePadding(Pool pool, int index, AtomicReferenceArrayQueue<Call<?, ?>> queue) {
        super(pool, index, queue);
    }
}

abstract class WorkerLaneHotFields extends WorkerLanePadding {
    /**
     * The running call; the worker thread itself while it answers the call it ran (it holds no call then, but runs
     * the caller's continuations); null when none; {@link #RETIRED} once the consumer role was taken away; or
     * {@link Detached}.
     */
    volatile Object current;

    /** Marks {@code current} of a lane whose worker lost the consumer role; that worker can never CAS it back. */
    static final Object RETIRED = new Object();

    /**
     * Marks {@code current} of a lane closed by an immediate stop while its worker was busy with {@code call}: the
     * worker no longer polls, but the hard timeout still watches the call until it ends.
     */
    record Detached(Call<?, ?> call, WorkerThread worker) {
    }
    /** Calls this lane's consumer finished running (see {@link WorkerLane#endBody}). */
    volatile long finished;
    /** Calls that finished on this lane's worker without the consumer role: nested ones, abandoned workers'. */
    volatile long finishedAway;
    /** Calls this lane's consumer settled: completed and failed. */
    volatile long completedHere;
    volatile long failedHere;
    /** Calls this lane's consumer took out of the queues and started (see {@link QueuedCalls}). */
    volatile long startedHere;
    /**
     * 1 while the worker of a stealing pool spins with nothing to do, else 0: a producer that finds a sibling lane
     * parked leaves it asleep when this lane spins and will take the call ({@link LaneThief}). Written by the worker
     * when it starts and stops spinning; producers read it only when the lane they chose is parked.
     */
    volatile int spinning;
    /** Time this lane's workers spent idle, spinning and parked; counted only when the pool is metered. */
    volatile long idleSpinNanos;
    volatile long idleParkNanos;

    static final VarHandle CURRENT;
    static final VarHandle FINISHED;
    static final VarHandle FINISHED_AWAY;
    static final VarHandle COMPLETED_HERE;
    static final VarHandle FAILED_HERE;
    static final VarHandle STARTED_HERE;
    static final VarHandle IDLE_SPIN_NANOS;
    static final VarHandle IDLE_PARK_NANOS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT = lookup.findVarHandle(WorkerLaneHotFields.class, "current", Object.class);
            FINISHED = lookup.findVarHandle(WorkerLaneHotFields.class, "finished", long.class);
            FINISHED_AWAY = lookup.findVarHandle(WorkerLaneHotFields.class, "finishedAway", long.class);
            COMPLETED_HERE = lookup.findVarHandle(WorkerLaneHotFields.class, "completedHere", long.class);
            FAILED_HERE = lookup.findVarHandle(WorkerLaneHotFields.class, "failedHere", long.class);
            STARTED_HERE = lookup.findVarHandle(WorkerLaneHotFields.class, "startedHere", long.class);
            IDLE_SPIN_NANOS = lookup.findVarHandle(WorkerLaneHotFields.class, "idleSpinNanos", long.class);
            IDLE_PARK_NANOS = lookup.findVarHandle(WorkerLaneHotFields.class, "idleParkNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    WorkerLaneHotFields(Pool pool, int index, AtomicReferenceArrayQueue<Call<?, ?>> queue) {
        super(pool, index, queue);
    }
}

abstract class WorkerLaneTrailingPadding extends WorkerLaneHotFields {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    WorkerLaneTrailingPadding(Pool pool, int index, AtomicReferenceArrayQueue<Call<?, ?>> queue) {
        super(pool, index, queue);
    }
}
