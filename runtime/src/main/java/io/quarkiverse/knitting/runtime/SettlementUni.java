package io.quarkiverse.knitting.runtime;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * A call's {@code Uni} with hooks at its settlement: {@link #settled} before the answer goes on, {@link #cancelled}
 * once a cancel from the caller has reached the engine. A plain subscriber rather than Mutiny's {@code invoke} and
 * {@code onTermination()} operators: {@code onTermination()} runs its callback before it cancels upstream (a lane
 * could start the call in between), and Context Propagation wraps the callbacks of those operators, which then leave
 * the caller's contexts current on a lane thread they run on.
 */
abstract class SettlementUni<T> extends AbstractUni<T> {

    private final Uni<T> call;

    SettlementUni(Uni<T> call) {
        this.call = call;
    }

    /** The engine settled the call with an item ({@code failure} null) or a failure; must not throw. */
    abstract void settled(Throwable failure);

    /** The caller cancelled, and the cancel has reached the engine; must not throw. */
    abstract void cancelled();

    /** Passes the answer on; here, at once, unless a subclass delivers it otherwise. */
    void answer(UniSubscriber<? super T> downstream, T item, Throwable failure) {
        if (failure == null) {
            downstream.onItem(item);
        } else {
            downstream.onFailure(failure);
        }
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
                        cancelled();
                    }
                });
            }

            @Override
            public void onItem(T item) {
                try {
                    settled(null);
                } finally { // a hook that throws after all must not cost the answer
                    answer(downstream, item, null);
                }
            }

            @Override
            public void onFailure(Throwable failure) {
                try {
                    settled(failure);
                } finally {
                    answer(downstream, null, failure);
                }
            }
        });
    }
}
