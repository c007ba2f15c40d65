package io.quarkiverse.knitting.runtime.tracing;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.vertx.core.runtime.VertxMDC;
import io.vertx.core.Vertx;

/**
 * Puts back the OpenTelemetry context of a thread off Vert.x, where Quarkus keeps it in a thread-local. In Quarkus
 * 3.33, Context Propagation's wrapper of a Mutiny continuation makes its caller's context current there and does not
 * put back the thread's (quarkusio/quarkus#54354), and a lane thread outlives the continuation. On a Vert.x context
 * the tracing context belongs to that context, whose own code may change it: it is left alone.
 */
final class ThreadTracingContext {

    /** What Quarkus OpenTelemetry puts in the MDC for the current span. */
    private static final List<String> TRACE_MDC_KEYS = List.of("traceId", "spanId", "sampled", "parentId");

    private ThreadTracingContext() {
    }

    /** Runs {@code action}, then makes {@code found} current again if {@code action} left another one current. */
    static void keepAround(Runnable action) {
        if (Vertx.currentContext() != null) {
            action.run();
            return;
        }
        Context found = Context.current();
        try {
            action.run();
        } finally {
            putBack(found);
        }
    }

    /** After each call on a lane, which starts with no tracing context. */
    static void clear() {
        if (Vertx.currentContext() == null) {
            putBack(Context.root());
        }
    }

    private static void putBack(Context found) {
        if (Context.current() == found) {
            return;
        }
        found.makeCurrent(); // its scope is dropped: what it would restore is what was left behind
        if (Span.fromContextOrNull(found) == null) { // else Quarkus has just written the span's ids into the MDC
            TRACE_MDC_KEYS.forEach(VertxMDC.INSTANCE::remove);
        }
    }
}
