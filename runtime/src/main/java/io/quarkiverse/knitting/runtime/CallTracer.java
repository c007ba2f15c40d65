package io.quarkiverse.knitting.runtime;

/**
 * Traces {@code @Task} calls, when the application has a tracer (see {@code OpenTelemetryCallTracer}). Kept free of
 * tracing types, so that the interceptor loads without them.
 */
public interface CallTracer {

    /**
     * Starts the span of one call of {@code task} now, on the caller's thread, as a child of the caller's current
     * span.
     */
    TracedCall start(String spanName, String pool, String task);

    /** One call's span; every method may run on any thread, and the first of ended/cancelled ends the span. */
    interface TracedCall {

        /**
         * On the lane, for a caller off Vert.x: makes the caller's tracing context current until the returned scope is
         * closed, which puts back what the thread had, also what a body made current and never closed.
         */
        AutoCloseable enterCallersContext();

        /** On the lane, just before the body runs: records the lane and the time since {@link #start}. */
        void started(int lane);

        /**
         * Delivers the settled call's answer by running {@code delivery}, and puts back the thread's tracing context
         * if a continuation it ran left another one current. Context Propagation's wrapper of a Mutiny continuation
         * does, off Vert.x (the caller's context, and its trace ids in the MDC), and a lane thread outlives it.
         */
        void deliver(Runnable delivery);

        /** The call settled: completed when {@code failure} is null. */
        void ended(Throwable failure);

        /** The caller cancelled the call. */
        void cancelled();
    }
}
