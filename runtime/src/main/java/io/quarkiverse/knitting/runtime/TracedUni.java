package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.engine.UserCode;
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

    /**
     * Ends the span; what the tracer throws (a span processor, a failure's own message) must not cost the answer.
     */
    @Override
    void settled(Throwable failure) {
        try {
            traced.ended(failure);
        } catch (RuntimeException | Error tracerFailure) {
            UserCode.dropped(tracerFailure); // the handler is user code too
        }
    }

    /**
     * Ends the span of a cancelled call, guarded the same way: the cancel runs inside the caller's operators, and
     * Mutiny's {@code ifNoItem().after(...).fail()} fails its subscriber only after its cancel returned.
     */
    @Override
    void cancelled() {
        try {
            traced.cancelled();
        } catch (RuntimeException | Error tracerFailure) {
            UserCode.dropped(tracerFailure); // the handler is user code too
        }
    }

    @Override
    void answer(UniSubscriber<? super T> downstream, T item, Throwable failure) {
        traced.deliver(() -> super.answer(downstream, item, failure));
    }
}
