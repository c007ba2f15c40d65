package io.quarkiverse.knitting.benchmarks;

import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * The trivial task body ({@code argument + 1}) as a reusable {@code Runnable} for the non-knitting mechanisms. It
 * hands its result to a subscriber exactly as a knitting lane does, so completion costs the same everywhere.
 */
final class IncrementJob implements Runnable {

    private final int argument;
    private final UniSubscriber<Object> subscriber;

    IncrementJob(int argument, UniSubscriber<Object> subscriber) {
        this.argument = argument;
        this.subscriber = subscriber;
    }

    @Override
    public void run() {
        subscriber.onItem(argument + 1); // 42 is a cached Integer: no allocation
    }
}
