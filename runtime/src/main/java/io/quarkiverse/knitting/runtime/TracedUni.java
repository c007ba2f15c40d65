package io.quarkiverse.knitting.runtime;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * A traced call's {@code Uni}: ends the span when the call settles or is cancelled, and delivers the answer through
 * {@link CallTracer.TracedCall#deliver}, so that the caller's continuations leave the delivering thread's tracing
 * context as they found it. A plain subscriber rather than Mutiny's {@code invoke} operators: Context Propagation
 * wraps those, and the wrapper leaves the caller's tracing context current on a lane thread it runs on.
 */
final class TracedUni<T> extends AbstractUni<T> {

    private final Uni<T> call;
    private final CallTracer.TracedCall traced;

    TracedUni(Uni<T> call, CallTracer.TracedCall traced) {
        this.call = call;
        this.traced = traced;
    }

    @Override
    public void subscribe(UniSubscriber<? super T> downstream) {
        AbstractUni.subscribe(call, new UniSubscriber<T>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
                downstream.onSubscribe(() -> {
                    try {
                        subscription.cancel();
                    } finally {
                        traced.cancelled();
                    }
                });
            }

            @Override
            public void onItem(T item) {
                end(null);
                traced.deliver(() -> downstream.onItem(item));
            }

            @Override
            public void onFailure(Throwable failure) {
                end(failure);
                traced.deliver(() -> downstream.onFailure(failure));
            }
        });
    }

    /** Ends the span; what the tracer throws (an exporter, a failure's own message) must not cost the answer. */
    private void end(Throwable failure) {
        try {
            traced.ended(failure);
        } catch (RuntimeException | Error tracerFailure) {
            Infrastructure.handleDroppedException(tracerFailure);
        }
    }
}
