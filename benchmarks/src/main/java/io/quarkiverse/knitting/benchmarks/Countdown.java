package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * The batch twin of {@link ResultSlot}: completions count down, and the caller spins until the count reaches zero.
 * One instance is subscribed to every call of a batch; it ignores its subscriptions.
 * <p>
 * Contract: the caller {@link #expect}s a batch before dispatching it; any thread completes.
 */
final class Countdown implements UniSubscriber<Object> {

    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Throwable failure;

    void expect(int calls) {
        remaining.set(calls);
    }

    /** Spins until every call of the batch completed. */
    void awaitSpinning() {
        while (remaining.get() != 0) {
            Thread.onSpinWait();
        }
        if (failure != null) {
            throw new IllegalStateException("A benchmarked call failed", failure);
        }
    }

    /** Spins, then yields the core between polls, as {@link ResultSlot#awaitYielding} does. */
    void awaitYielding() {
        for (int polls = 0; remaining.get() != 0; polls++) {
            if (polls < ResultSlot.SPINS_BEFORE_YIELDING) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
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
        remaining.decrementAndGet();
    }

    @Override
    public void onFailure(Throwable error) {
        failure = error;
        remaining.decrementAndGet();
    }
}
