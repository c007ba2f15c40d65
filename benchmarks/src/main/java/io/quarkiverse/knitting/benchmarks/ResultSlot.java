package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.locks.LockSupport;

import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Where one call leaves its result, and how the caller waits for it: by spinning on a volatile field (or parked, for
 * the wake-up benchmark's blocked caller). Every mechanism completes through {@link #onItem}, so the caller's side of
 * a round trip is the same for all of them.
 * <p>
 * Contract: one call in flight; the caller clears, dispatches, then spins; the worker writes once.
 */
final class ResultSlot implements UniSubscriber<Object> {

    /** Polls before a yielding wait starts to give its core away: a few microseconds, longer than a warm answer. */
    static final int SPINS_BEFORE_YIELDING = 64;

    /** The item, or the failure; null while the call runs. Volatile: the worker publishes, the caller spins. */
    private volatile Object value;
    /** The caller parked in {@link #awaitParked}, or null; the worker unparks it after writing the value. */
    private volatile Thread waiter;

    void clear() {
        value = null;
    }

    /** Spins until the call completed; returns its item or throws its failure. */
    Object awaitSpinning() {
        Object result;
        while ((result = value) == null) {
            Thread.onSpinWait();
        }
        if (result instanceof Throwable failure) {
            throw new IllegalStateException("The benchmarked call failed", failure);
        }
        return result;
    }

    /**
     * Spins like {@link #awaitSpinning}, then yields the core between polls: with more runnable threads than cores
     * (several callers on a 2-core machine), a caller that only spins would starve the workers it waits for.
     */
    Object awaitYielding() {
        Object result;
        for (int polls = 0; (result = value) == null; polls++) {
            if (polls < SPINS_BEFORE_YIELDING) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        if (result instanceof Throwable failure) {
            throw new IllegalStateException("The benchmarked call failed", failure);
        }
        return result;
    }

    /**
     * Parks until the call completed, as a caller blocked in {@code Future.get} does; returns its item. Like
     * {@code FutureTask.get}, it writes nothing when the answer is there already.
     */
    Object awaitParked() {
        Object result = value;
        if (result == null) {
            waiter = Thread.currentThread();
            while ((result = value) == null) {
                LockSupport.park(this);
            }
            waiter = null;
        }
        if (result instanceof Throwable failure) {
            throw new IllegalStateException("The benchmarked call failed", failure);
        }
        return result;
    }

    @Override
    public void onSubscribe(UniSubscription subscription) {
        // never cancelled
    }

    @Override
    public void onItem(Object item) {
        value = item;
        wakeWaiter();
    }

    @Override
    public void onFailure(Throwable failure) {
        value = failure;
        wakeWaiter();
    }

    private void wakeWaiter() {
        Thread parked = waiter;
        if (parked != null) {
            LockSupport.unpark(parked);
        }
    }
}
