package io.quarkiverse.knitting.runtime;

import java.util.concurrent.Callable;

import org.eclipse.microprofile.context.ThreadContext;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/**
 * MicroProfile (SmallRye) Context Propagation, when the application has it: how a caller off Vert.x hands its
 * contexts (the CDI request context, OpenTelemetry, a transaction, any registered {@code ThreadContextProvider}) to
 * the body on the lane. Only {@link Present} touches its classes; it is loaded only when they are on the class path.
 */
final class ThreadContexts {

    private static final boolean PRESENT = OnClassPath.has("org.eclipse.microprofile.context.ThreadContext");

    private ThreadContexts() {
    }

    /** The application's {@code ThreadContext}, or null without Context Propagation; look it up once per application. */
    static Object lookup() {
        return PRESENT ? Present.lookup() : null;
    }

    /** {@code body}, to be called on another thread within the contexts current here and now. */
    static Callable<Object> capture(Object threadContext, Callable<Object> body) {
        return Present.capture(threadContext, body);
    }

    private static final class Present {

        static Object lookup() {
            InstanceHandle<ThreadContext> handle = Arc.container().instance(ThreadContext.class);
            return handle.isAvailable() ? handle.get() : null; // the API without the Quarkus extension: nothing to use
        }

        static Callable<Object> capture(Object threadContext, Callable<Object> body) {
            return ((ThreadContext) threadContext).contextualCallable(body);
        }
    }
}
