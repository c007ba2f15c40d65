package io.quarkiverse.knitting.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * The batch twin of {@link ResultSlot}: completions count down, and the caller spins until the count reaches zero.
 * One instance is subscribed to every call of a batch; it ignores its subscriptions.
 * <p>
 * The count sits between two paddings ({@link CountdownFields}): a worker writes it on every completion while the
 * caller, dispatching the rest of the batch, reads this object's header on every call (the virtual call to
 * {@code onSubscribe}). Sharing a cache line, the two would slow every mechanism that calls {@code onSubscribe} on
 * the caller's thread for a reason that has nothing to do with the mechanism.
 * <p>
 * Contract: the caller {@link #expect}s a batch before dispatching it; any thread completes.
 */
final class Countdown extends CountdownTrailingPadding implements UniSubscriber<Object> {

    private static final VarHandle REMAINING;
    private static final long PARK_NANOS = 20_000;

    static {
        try {
            REMAINING = MethodHandles.lookup().findVarHandle(CountdownCount.class, "remaining", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Throwable failure;
    /** {@code System.nanoTime()} when the last call of the batch completed. */
    private volatile long finishedAt;

    void expect(int calls) {
        remaining = calls;
    }

    /** Spins until every call of the batch completed. */
    void awaitSpinning() {
        while (remaining != 0) {
            Thread.onSpinWait();
        }
        throwIfAnyFailed();
    }

    /**
     * Parks between polls, so the caller stays off the count's cache line while the calls complete; returns when the
     * last one completed ({@code System.nanoTime()}), which the completing thread stamped.
     */
    long awaitParking() {
        while (remaining != 0) {
            LockSupport.parkNanos(PARK_NANOS);
        }
        throwIfAnyFailed();
        return finishedAt;
    }

    /** Spins, then yields the core between polls, as {@link ResultSlot#awaitYielding} does. */
    void awaitYielding() {
        for (int polls = 0; remaining != 0; polls++) {
            if (polls < ResultSlot.SPINS_BEFORE_YIELDING) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        throwIfAnyFailed();
    }

    private void throwIfAnyFailed() {
        if (failure != null) {
            throw new IllegalStateException("A benchmarked call failed", failure);
        }
    }

    @Override
    public void onSubscribe(UniSubscription subscription) {
        // never cancelled
    }

    @Override
    public void onItem(Object item) {
        countDown();
    }

    @Override
    public void onFailure(Throwable error) {
        failure = error;
        countDown();
    }

    private void countDown() {
        if ((int) REMAINING.getAndAdd(this, -1) == 1) {
            finishedAt = System.nanoTime();
        }
    }
}
