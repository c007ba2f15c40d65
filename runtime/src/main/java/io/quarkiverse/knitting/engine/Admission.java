package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.AbortCapacityExceededException;

/**
 * What a call must pass before a lane sees it: the pool is open, its argument is within the payload limit (measuring
 * it may throw: user code), and an abortable call gets an abort slot. A refused call is answered at once and counted
 * as rejected; an admitted abortable call holds its slot until it is settled.
 */
final class Admission {

    private final String poolName;
    private final PayloadGuard payloadGuard;
    private final AbortSlots abortSlots;

    Admission(String poolName, PayloadGuard payloadGuard, AbortSlots abortSlots) {
        this.poolName = poolName;
        this.payloadGuard = payloadGuard;
        this.abortSlots = abortSlots;
    }

    /** True when the call may go on; false when it was refused (and answered). */
    boolean admit(Call<?, ?> call, boolean closed) {
        if (closed) {
            call.reject(call.task.pool.closedError());
            return false;
        }
        long size;
        try {
            size = payloadGuard.sizeOf(call.argument());
        } catch (Throwable unmeasurable) { // a collection that throws when iterated
            call.reject(unmeasurable);
            return false;
        }
        if (size > payloadGuard.limit()) {
            call.reject(payloadGuard.tooLarge("the argument of " + call.task, size));
            return false;
        }
        if (call.task.abortable) {
            if (!abortSlots.tryAcquire()) {
                call.reject(new AbortCapacityExceededException("All " + abortSlots.capacity() + " abort slots of pool '"
                        + poolName + "' are held by calls in flight (abort-signal-capacity): cannot call "
                        + call.task));
                return false;
            }
            call.markAbortSlotHeld();
        }
        return true;
    }
}
