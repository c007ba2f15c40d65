package io.quarkiverse.knitting.it;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.quarkiverse.knitting.AbortSignal;

/** Simulated long-running work that polls the call's abort signal, as a well-behaved abortable task body does. */
final class CooperativeWork {

    /** The longest any demo body works, so that no test failure leaves a lane busy for good. */
    static final long SAFETY_CAP_MS = 30_000;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private CooperativeWork() {
    }

    /**
     * Works for {@code millis} (capped at {@link #SAFETY_CAP_MS}), polling {@link AbortSignal#current()} every
     * millisecond; returns whether the call was aborted. Outside an abortable call the signal never aborts.
     */
    static boolean workUnlessAborted(long millis) {
        AbortSignal signal = AbortSignal.current();
        double end = signal.now() + Math.min(millis, SAFETY_CAP_MS);
        while (signal.now() < end) {
            if (signal.hasAborted()) {
                return true;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return signal.hasAborted();
    }
}
