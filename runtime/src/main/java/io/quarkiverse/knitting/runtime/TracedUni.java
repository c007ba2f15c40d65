package io.quarkiverse.knitting.runtime;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * A traced call's {@code Uni}: ends the span when the call settles or is cancelled, and delivers the answer through
 * {@link CallTracer.TracedCall#deliver}, so that the caller's continuations leave the delivering thread's tracing
 * context as they found it.
 */
final class TracedUni<T> extends SettlementUni<T> {

    private final CallTracer.TracedCall traced;

    TracedUni(Uni<T> call, CallTracer.TracedCall traced) {
        super(call);
        this.traced = traced;
    }

    /** Ends the span; what the tracer throws (a span processor, a failure's own message) is the base's to report. */
    @Override
    void settled(Throwable failure) {
        traced.ended(failure);
    }

    @Override
    void cancelled() {
        traced.cancelled();
    }

    @Override
    void answer(UniSubscriber<? super T> downstream, T item, Throwable failure) {
        traced.deliver(() -> super.answer(downstream, item, failure));
    }
}
