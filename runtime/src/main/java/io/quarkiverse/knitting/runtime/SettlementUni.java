package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.engine.UserCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * A call's {@code Uni} with hooks at its settlement: {@link #settled} before the answer goes on, {@link #cancelled}
 * once a cancel from the caller has reached the engine. A plain subscriber rather than Mutiny's {@code invoke} and
 * {@code onTermination()} operators: {@code onTermination()} runs its callback before it cancels upstream (a lane
 * could start the call in between), and Context Propagation wraps the callbacks of those operators, which then leave
 * the caller's contexts current on a lane thread they run on. What a hook throws (a tracer is user code) goes to
 * Mutiny's dropped-exception handler and costs neither the answer nor the caller's cancel: Mutiny's
 * {@code ifNoItem().after(...).fail()} fails its subscriber only after its cancel returned.
 */
abstract class SettlementUni<T> extends AbstractUni<T> {

    private final Uni<T> call;

    SettlementUni(Uni<T> call) {
        this.call = call;
    }

    /** The engine settled the call with an item ({@code failure} null) or a failure. */
    abstract void settled(Throwable failure);

    /** The caller cancelled, and the cancel has reached the engine. */
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
                        cancelledGuarded();
                    }
                });
            }

            @Override
            public void onItem(T item) {
                settledGuarded(null);
                answer(downstream, item, null);
            }

            @Override
            public void onFailure(Throwable failure) {
                settledGuarded(failure);
                answer(downstream, null, failure);
            }
        });
    }

    private void settledGuarded(Throwable failure) {
        try {
            settled(failure);
        } catch (RuntimeException | Error hookFailure) {
            UserCode.dropped(hookFailure); // that handler is user code too: the engine's guard logs what it throws
        }
    }

    private void cancelledGuarded() {
        try {
            cancelled();
        } catch (RuntimeException | Error hookFailure) {
            UserCode.dropped(hookFailure);
        }
    }
}
