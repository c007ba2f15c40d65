package io.quarkiverse.knitting.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.quarkus.vertx.core.runtime.VertxMDC;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.impl.ContextInternal;

/**
 * The Vert.x context a body runs in: a context nested in the caller's duplicated context, one per dispatch. It starts
 * with everything the caller's context holds (the request's CDI state, the OpenTelemetry span, the MDC entries), but
 * what a body changes there stays there: an {@code MDC.put} or a span made current in one body reaches neither the
 * caller nor the other calls the caller fanned out.
 */
final class BodyContext {

    /** Where Quarkus keeps the MDC entries of a duplicated context: one mutable map, which a nested context copies. */
    private static final String MDC_KEY = VertxMDC.class.getName();

    private BodyContext() {
    }

    static ContextInternal of(ContextInternal caller) {
        ContextInternal nested = (ContextInternal) VertxContext.newNestedContext(caller);
        Object mdc = nested.localContextData().get(MDC_KEY);
        if (mdc instanceof Map<?, ?> entries) { // the nested context shares the caller's map: give it its own
            ConcurrentMap<Object, Object> own = new ConcurrentHashMap<>(entries);
            nested.localContextData().put(MDC_KEY, own);
        }
        return nested;
    }
}
