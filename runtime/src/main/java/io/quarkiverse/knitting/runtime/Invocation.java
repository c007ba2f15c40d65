package io.quarkiverse.knitting.runtime;

import java.util.concurrent.Callable;

import jakarta.interceptor.InvocationContext;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.engine.PayloadCarrier;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.impl.ContextInternal;

/**
 * One intercepted call on its way to a lane: the invocation to proceed with and the caller's contexts.
 * <p>
 * A caller on a Vert.x context (a REST endpoint, a reactive session) hands over that (duplicated) context; the lane
 * runs the body dispatched on it, as {@code executeBlocking} runs blocking code, so everything Quarkus keeps there
 * is visible in the body: the CDI request context, MDC, the OpenTelemetry span. A caller off Vert.x with an active
 * request context hands over the context's state, which the lane activates around the body.
 */
final class Invocation implements PayloadCarrier {

    private final InvocationContext context;
    private final ContextInternal vertxContext;
    private final InjectableContext.ContextState requestState;
    /** The body within the contexts Context Propagation captured from a caller off Vert.x, or null. */
    private final Callable<Object> propagated;
    /** The call's span, when the application traces; null otherwise. */
    private CallTracer.TracedCall traced;
    /** With {@code Uni} or {@code CompletionStage} parameters: this subscription's turn to run its body; else null. */
    private AsyncArguments.Turn turn;
    /** The parameters the body receives: the async ones already completed; null without async parameters. */
    private Object[] resolved;
    /** The arguments with the values of resolved {@code Uni} and {@code CompletionStage} parameters; null without. */
    private Object[] carried;

    /** {@code threadContext}: the contexts to capture here and now through Context Propagation, or null. */
    private Invocation(InvocationContext context, ContextInternal vertxContext,
            InjectableContext.ContextState requestState, Object threadContext) {
        this.context = context;
        this.vertxContext = vertxContext;
        this.requestState = requestState;
        this.propagated = threadContext == null ? null
                : ThreadContexts.capture(threadContext, () -> subscribeWithin(invokeBody()));
    }

    /**
     * Captures the caller's contexts; call on the caller's thread. A caller off Vert.x hands them over through Context
     * Propagation when the application has it ({@code threadContext} not null), else only its request context.
     */
    static Invocation capture(InvocationContext context, ContextInternal vertxContext, Object threadContext) {
        if (vertxContext == null && threadContext != null) {
            return new Invocation(context, null, null, threadContext);
        }
        InjectableContext.ContextState requestState = null;
        if (vertxContext == null) {
            ManagedContext requestContext = Arc.container().requestContext();
            if (requestContext.isActive()) {
                requestState = requestContext.getStateIfActive();
            }
        }
        return new Invocation(context, vertxContext, requestState, null);
    }

    /**
     * The arguments, which the payload guard measures: for a parameter that was a {@code Uni} or a
     * {@code CompletionStage}, the value it resolved to (the guard cannot look inside the wrapper the body receives).
     */
    @Override
    public Object payload() {
        return carried != null ? carried : context.getParameters();
    }

    /** The turn in which the body will set its resolved parameters into the shared invocation context. */
    void takes(AsyncArguments.Turn turn) {
        this.turn = turn;
    }

    /** The parameters the body receives instead of the caller's async ones, and what they carry; then it lines up. */
    void resolved(Object[] resolved, Object[] carried) {
        this.resolved = resolved;
        this.carried = carried;
        turn.line();
    }

    /**
     * The call has been answered or cancelled: a body that has not begun never will, and gives its turn up. A body
     * the hard timeout abandoned gives it up too: it may never return, and the next subscription (a {@code @Retry}
     * attempt, say) would wait for it for ever.
     */
    void settled(Throwable failure) {
        if (failure instanceof HardTimeoutException) {
            turn.abandonRunaway();
        } else {
            turn.abandon();
        }
    }

    /** Traces the call in {@code span}; before dispatch. */
    void traced(CallTracer.TracedCall span) {
        this.traced = span;
    }

    /**
     * Runs the body on the current (lane) thread inside the caller's contexts. The turn ends after they are left:
     * ending it dispatches the next waiting subscription from here, and that dispatch (the payload guard reads its
     * arguments) must not run inside this call's contexts. The resolved parameters stay until then, also while a
     * {@code Uni} the body returned is subscribed.
     */
    Object proceed() throws Exception {
        if (traced != null) {
            traced.started(Pool.laneOfCurrentThread());
        }
        try {
            return proceedWithinContexts();
        } finally {
            if (turn != null) { // its parameters are in the shared invocation context until now
                turn.end(() -> context.setParameters(turn.original()));
            }
        }
    }

    private Object proceedWithinContexts() throws Exception {
        if (vertxContext != null) {
            ContextInternal previous = vertxContext.beginDispatch();
            try {
                return subscribeWithin(invokeBody());
            } finally {
                vertxContext.endDispatch(previous);
            }
        }
        return LaneMdc.around(this::proceedOffVertx);
    }

    /**
     * The body of a caller off Vert.x, inside the contexts it handed over. Off Vert.x, ArC and OpenTelemetry keep the
     * request context and the tracing context in thread-locals of the lane thread, which outlive the body: the body
     * leaves them as it found them, so a context a body activates or makes current and never ends reaches neither the
     * next body on the lane nor a continuation run there.
     */
    private Object proceedOffVertx() throws Exception {
        if (traced == null) {
            return proceedInCallersRequestContext();
        }
        try (AutoCloseable callersTracingContext = traced.enterCallersContext()) {
            return proceedInCallersRequestContext();
        }
    }

    private Object proceedInCallersRequestContext() throws Exception {
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState found = requestContext.getStateIfActive();
        try {
            if (propagated != null) {
                return propagated.call();
            }
            // the caller's own context is already active when the call runs in place on the caller's thread
            // (an inline call, or one run in place by a body of the same pool): it stays as it is
            if (found != requestState) {
                switchRequestContext(requestContext, requestState);
            }
            return subscribeWithin(invokeBody());
        } finally {
            if (requestContext.getStateIfActive() != found) {
                switchRequestContext(requestContext, found != null && found.isValid() ? found : null);
            }
        }
    }

    private static void switchRequestContext(ManagedContext requestContext, InjectableContext.ContextState state) {
        if (state == null) {
            requestContext.deactivate();
        } else {
            requestContext.activate(state);
        }
    }

    /** The bean method, with this call's resolved parameters when it has async ones (see {@link AsyncArguments}). */
    private Object invokeBody() throws Exception {
        if (turn == null) {
            return context.proceed();
        }
        if (!turn.begin()) {
            // settled before its body began: nobody reads what it would return, and the parameters in the shared
            // invocation context may already be those of the next turn's body
            return null;
        }
        context.setParameters(resolved); // no other body of this intercepted call runs in its turn
        return context.proceed(); // proceed() puts the caller's parameters back and ends the turn
    }

    /** A {@code Uni} the body returns is subscribed while the contexts are still active; the lane awaits it. */
    static Object subscribeWithin(Object result) {
        return result instanceof Uni<?> uni ? uni.subscribeAsCompletionStage() : result;
    }
}
