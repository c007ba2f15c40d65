package io.quarkiverse.knitting.benchmarks;

import io.smallrye.mutiny.subscription.UniSubscriber;

/** The payload twin of {@link IncrementJob}: hands its payload, unchanged, to the subscriber. */
final class EchoJob implements Runnable {

    private final Object payload;
    private final UniSubscriber<Object> subscriber;

    EchoJob(Object payload, UniSubscriber<Object> subscriber) {
        this.payload = payload;
        this.subscriber = subscriber;
    }

    @Override
    public void run() {
        subscriber.onItem(payload);
    }
}
