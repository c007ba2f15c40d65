package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * The fields of a {@link WorkerLane} and their handles, laid out so that what producers read on every submit and what the worker
 * writes on every call never share a cache line: superclass fields come first in the object, so the padding classes
 * between the groups keep them at least 128 bytes apart (two lines, against the adjacent-line prefetcher).
 */
abstract class WorkerLaneColdFields {
    final Pool pool;
    final int index;
    final MpscAtomicArrayQueue<Call<?, ?>> queue;
    /** 1 while the worker is parked or about to park; producers read it on every submit, the worker rarely writes. */
    volatile int parked;
    /** {@link WorkerLane#RUN}, {@link WorkerLane#RENEW}, {@link WorkerLane#STOP_GRACEFULLY} or {@link WorkerLane#STOP_NOW}. */
    volatile int control;
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

    WorkerLaneColdFields(Pool pool, int index, int queueCapacity) {
        this.pool = pool;
        this.index = index;
        this.queue = new MpscAtomicArrayQueue<>(queueCapacity);
    }
}

abstract class WorkerLanePadding extends WorkerLaneColdFields {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    WorkerLanePadding(Pool pool, int index, int queueCapacity) {
        super(pool, index, queueCapacity);
    }
}

abstract class WorkerLaneHotFields extends WorkerLanePadding {
    /** The running call, null when none, {@link WorkerLane#RETIRED} once the consumer role was taken away. */
    volatile Object current;
    /** Calls this lane finished running. */
    volatile long finished;
    /** Calls this lane's worker settled: completed and failed. */
    volatile long completedHere;
    volatile long failedHere;

    static final VarHandle CURRENT;
    static final VarHandle FINISHED;
    static final VarHandle COMPLETED_HERE;
    static final VarHandle FAILED_HERE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT = lookup.findVarHandle(WorkerLaneHotFields.class, "current", Object.class);
            FINISHED = lookup.findVarHandle(WorkerLaneHotFields.class, "finished", long.class);
            COMPLETED_HERE = lookup.findVarHandle(WorkerLaneHotFields.class, "completedHere", long.class);
            FAILED_HERE = lookup.findVarHandle(WorkerLaneHotFields.class, "failedHere", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    WorkerLaneHotFields(Pool pool, int index, int queueCapacity) {
        super(pool, index, queueCapacity);
    }
}

abstract class WorkerLaneTrailingPadding extends WorkerLaneHotFields {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    WorkerLaneTrailingPadding(Pool pool, int index, int queueCapacity) {
        super(pool, index, queueCapacity);
    }
}
