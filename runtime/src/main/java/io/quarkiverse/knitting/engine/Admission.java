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
     * True when the call may go on; false when it was refused (and answered). {@code closed}: whether the pool refuses
     * this call, read by the caller before anything else; for a call that waits in a queue, whether the pool is shut
     * down, read again once the call is counted. A {@code nested} call (made by a body of this pool, which runs it in
     * place) never waits in a queue: the bound does not refuse it, and a graceful shutdown lets it run.
     */
    boolean admit(Call<?, ?> call, boolean closed, boolean nested) {
        if (closed) {
            refuseUnadmitted(call, call.task.pool.closedError());
            return false;
        }
        long size;
        try {
            size = payloadGuard.sizeOf(call.argument());
        } catch (Throwable unmeasurable) { // a collection that throws when iterated
            refuseUnadmitted(call, unmeasurable);
            return false;
        }
        if (size > payloadGuard.limit()) {
            refuseUnadmitted(call, payloadGuard.tooLarge("the argument of " + call.task, size));
            return false;
        }
        if (nested) {
            queued.enterUnbounded();
        } else if (!queued.tryEnter()) {
            refuseUnadmitted(call, new TaskRejectedException(TaskRejectedException.Reason.QUEUE_FULL, "Pool '" + poolName
                    + "' has " + queued.max() + " calls waiting already (max-queued): " + call.task + " was rejected"));
            rejections.record();
            return false;
        }
        if (!nested && call.task.pool.isShutdown()) {
            // counted after a shutdown began: its lanes may have found nothing queued and stopped (they count after
            // the flag is set, this reads it after counting, so one side sees the other)
            queued.leave();
            call.reject(call.task.pool.closedError());
            return false;
        }
        if (call.task.abortable) {
            if (!abortSlots.tryAcquire()) {
                queued.leave();
                call.reject(new AbortCapacityExceededException("All " + abortSlots.capacity() + " abort slots of pool '"
                        + poolName + "' are held by calls in flight (abort-signal-capacity): cannot call "
                        + call.task));
                return false;
            }
            call.markAbortSlotHeld();
        }
        return true;
    }

    /** Refuses a call that holds no place under the bound: {@link QueuedCalls} did not count it as submitted. */
    private static void refuseUnadmitted(Call<?, ?> call, Throwable error) {
        call.task.pool.counters.notAdmitted();
        call.reject(error);
    }
}
