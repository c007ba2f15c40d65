package io.quarkiverse.knitting.runtime.tracing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.PayloadTooLargeException;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskRejectedException;
import io.quarkiverse.knitting.TaskTimeoutException;
import io.quarkiverse.knitting.runtime.CallTracer;

/**
 * One OpenTelemetry span per {@code @Task} call, registered by the build when the application has Quarkus
 * OpenTelemetry. The span starts at dispatch, on the caller's thread, as a child of the caller's current span; the lane
 * adds where and after how long the body started; the answer ends it with the outcome. The span is not made current
 * inside the body: for a caller on Vert.x that would write into the caller's duplicated context, which the caller
 * goes on using meanwhile. Spans the body opens are children of the caller's span: on Vert.x the body's context holds
 * it, off Vert.x {@link Traced#enterCallersContext} makes it current on the lane around the body.
 */
@Singleton
public class OpenTelemetryCallTracer implements CallTracer {

    static final AttributeKey<String> POOL = AttributeKey.stringKey("knitting.pool");
    static final AttributeKey<String> TASK = AttributeKey.stringKey("knitting.task");
    static final AttributeKey<Long> LANE = AttributeKey.longKey("knitting.lane");
    static final AttributeKey<Double> QUEUE_WAIT_MS = AttributeKey.doubleKey("knitting.queue.wait.ms");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("knitting.outcome");

    private final Tracer tracer;

    @Inject
    public OpenTelemetryCallTracer(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public TracedCall start(String spanName, String pool, String task) {
        Context callers = Context.current();
        Span span = tracer.spanBuilder(spanName).setParent(callers).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(POOL, pool).setAttribute(TASK, task).startSpan();
        return new Traced(span, callers, System.nanoTime());
    }

    /** The outcome as {@code knitting.calls} tags it. */
    static String outcomeOf(Throwable failure) {
        if (failure == null) {
            return "completed";
        }
        if (failure instanceof HardTimeoutException) {
            return "hard-timeout";
        }
        if (failure instanceof TaskTimeoutException) {
            return "timeout";
        }
        if (failure instanceof TaskRejectedException || failure instanceof PoolClosedException
                || failure instanceof PayloadTooLargeException || failure instanceof AbortCapacityExceededException) {
            return "rejected";
        }
        return "failed";
    }

    private static final class Traced implements TracedCall {
        private final Span span;
        private final Context callers;
        private final long startedAt;
        private final AtomicBoolean ended = new AtomicBoolean();

        Traced(Span span, Context callers, long startedAt) {
            this.span = span;
            this.callers = callers;
            this.startedAt = startedAt;
        }

        @Override
        public AutoCloseable enterCallersContext() {
            Context found = Context.current();
            Scope scope = callers.makeCurrent(); // a no-op scope when the caller's context is the one found here
            return () -> {
                scope.close();
                if (Context.current() != found) { // the body made a context current and lost its scope
                    found.makeCurrent(); // the scope of this one is dropped: what it would restore is the body's
                }
            };
        }

        @Override
        public void deliver(Runnable delivery) {
            ThreadTracingContext.keepAround(delivery);
        }

        @Override
        public void started(int lane) {
            double waitedMs = (System.nanoTime() - startedAt) / (double) TimeUnit.MILLISECONDS.toNanos(1);
            if (lane >= 0) {
                span.setAttribute(LANE, (long) lane);
            }
            span.setAttribute(QUEUE_WAIT_MS, waitedMs);
        }

        @Override
        public void ended(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try {
                span.setAttribute(OUTCOME, outcomeOf(failure));
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                    span.recordException(failure); // reads the failure's message: user code, which may throw
                }
            } finally {
                span.end();
            }
        }

        @Override
        public void cancelled() {
            if (ended.compareAndSet(false, true)) {
                try {
                    span.setAttribute(OUTCOME, "cancelled");
                } finally {
                    span.end();
                }
            }
        }
    }
}
