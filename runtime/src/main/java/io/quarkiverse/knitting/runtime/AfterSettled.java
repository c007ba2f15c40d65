package io.quarkiverse.knitting.runtime;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * A call's {@code Uni} that runs {@code settled} once the engine has settled the call: before its answer goes on, and,
 * when the caller cancels, after the cancel has reached the engine. Mutiny's {@code onTermination()} runs its callback
 * before it cancels upstream, so a lane could start the call in between and run it as if nobody had cancelled.
 * {@code settled} must not throw.
 */
final class AfterSettled<T> extends AbstractUni<T> {

    private final Uni<T> call;
    private final Runnable settled;

    AfterSettled(Uni<T> call, Runnable settled) {
        this.call = call;
        this.settled = settled;
    }

    @Override
    public void subscribe(UniSubscriber<? super T> downstream) {
        AbstractUni.subscribe(call, new UniSubscriber<T>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
                downstream.onSubscribe(() -> {
                    try {
                        subscription.cancel(); // may run the cancel hook of the caller's Uni parameter
                    } finally {
                        settled.run();
                    }
                });
            }

            @Override
            public void onItem(T item) {
                settled.run();
                downstream.onItem(item);
            }

            @Override
            public void onFailure(Throwable failure) {
                settled.run();
                downstream.onFailure(failure);
            }
        });
    }
}
