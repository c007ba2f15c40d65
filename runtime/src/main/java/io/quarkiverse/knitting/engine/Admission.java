package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkiverse.knitting.TaskRejectedException;

/**
 * What a call must pass before a lane sees it: the pool is open, its argument is within the payload limit (measuring
 * it may throw: user code), there is room under {@code max-queued}, and an abortable call gets an abort slot. A
 * refused call is answered at once and counted as rejected; an admitted call holds its place under the bound until a
 * lane starts it or it is settled, and an abortable one holds its slot until it is settled.
 */
final class Admission {

    /** What {@link #admit} decided: the call was refused (and answered). */
    static final int REFUSED = 0;
    /** The call goes to a lane's queue. */
    static final int QUEUE = 1;
    /** The call runs in place, on the thread that made it: it takes no place under the bound. */
    static final int IN_PLACE = 2;

    private final String poolName;
    private final PayloadGuard payloadGuard;
    private final AbortSlots abortSlots;
    private final QueuedCalls queued;
    private final Rejections rejections;

    Admission(String poolName, PayloadGuard payloadGuard, AbortSlots abortSlots, QueuedCalls queued,
            Rejections rejections) {
        this.poolName = poolName;
        this.payloadGuard = payloadGuard;
        this.abortSlots = abortSlots;
        this.queued = queued;
        this.rejections = rejections;
    }

    /**
     * Whether the call is refused, queued or run in place. {@code poolRefuses}: the pool's state as the caller read it
     * before anything else. A {@code nested} call (made by a body of this pool, which runs it in place) never waits in
     * a queue: the bound does not count it, and a graceful shutdown lets it run. A call that would wait in a queue
     * reads the pool's state again once it is counted: a shutdown that began meanwhile refuses it, or, when graceful,
     * runs it in place when {@code inPlaceOnceShutDown} (a call of a body's output, see
     * {@link WorkerThread#forwardingAnOutputOf}).
     */
    int admit(Call<?, ?> call, boolean poolRefuses, boolean nested, boolean inPlaceOnceShutDown) {
        if (poolRefuses) {
            refuseUnadmitted(call, call.task.pool.closedError());
            return REFUSED;
        }
        long size;
        try {
            size = payloadGuard.sizeOf(call.argument());
        } catch (Throwable unmeasurable) { // a collection that throws when iterated
            refuseUnadmitted(call, unmeasurable);
            return REFUSED;
        }
        if (size > payloadGuard.limit()) {
            refuseUnadmitted(call, payloadGuard.tooLarge("the argument of " + call.task, size));
            return REFUSED;
        }
        if (nested) {
            call.task.pool.counters.admittedInPlace();
        } else if (!queued.tryEnter()) {
            refuseUnadmitted(call, new TaskRejectedException(TaskRejectedException.Reason.QUEUE_FULL, "Pool '" + poolName
                    + "' has " + queued.max() + " calls waiting already (max-queued): " + call.task + " was rejected"));
            rejections.record();
            return REFUSED;
        }
        int admitted = nested ? IN_PLACE : QUEUE;
        if (!nested && call.task.pool.isShutdown()) {
            // counted after a shutdown began: its lanes may have found nothing queued and stopped (they count after
            // the flag is set, this reads it after counting, so one side sees the other)
            queued.leave(); // refused, or it runs in place, which takes no place under the bound
            if (!inPlaceOnceShutDown || call.task.pool.lifecycle.refusesCallsInPlace()) {
                call.reject(call.task.pool.closedError());
                return REFUSED;
            }
            admitted = IN_PLACE;
        }
        if (call.task.abortable) {
            if (!abortSlots.tryAcquire()) {
                if (admitted == QUEUE) {
                    queued.leave();
                }
                call.reject(new AbortCapacityExceededException("All " + abortSlots.capacity() + " abort slots of pool '"
                        + poolName + "' are held by calls in flight (abort-signal-capacity): cannot call "
                        + call.task));
                return REFUSED;
            }
            call.markAbortSlotHeld();
        }
        return admitted;
    }

    /** Refuses a call that holds no place under the bound: {@link QueuedCalls} did not count it as submitted. */
    private static void refuseUnadmitted(Call<?, ?> call, Throwable error) {
        call.task.pool.counters.notAdmitted();
        call.reject(error);
    }
}
