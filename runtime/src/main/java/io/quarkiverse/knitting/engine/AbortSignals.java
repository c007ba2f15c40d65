package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.AbortSignal;

/** Finds the abort signal of the call running on the current thread. */
public final class AbortSignals {

    /** The signal outside abortable calls and on the inline lane. */
    public static final AbortSignal NEVER = () -> false;

    private AbortSignals() {
    }

    public static AbortSignal current() {
        if (Thread.currentThread() instanceof WorkerThread worker) {
            AbortSignal signal = worker.signal;
            if (signal instanceof Call<?, ?> call) {
                return call::hasAborted; // not the call itself: it is a Uni, which a task given it would subscribe
            }
            if (signal != null) {
                return signal;
            }
        } else if (Thread.currentThread() instanceof StandInThread standIn) {
            AbortSignal signal = standIn.signal();
            if (signal != null) {
                return signal;
            }
        }
        return NEVER;
    }
}
