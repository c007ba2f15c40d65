package io.quarkiverse.knitting.runtime;

import java.util.Map;
import java.util.concurrent.Callable;

import io.quarkus.vertx.core.runtime.VertxMDC;

/**
 * The MDC of a body that runs without a Vert.x context (its caller was off Vert.x: a plain thread, a scheduler, a
 * test). Quarkus keeps that MDC in a thread-local of the lane thread, which outlives the body: what one body puts
 * there would reach the next body on the lane. So a body starts with the MDC the lane thread had (empty on a lane's
 * own call; its caller's entries for a call run in place inside another body) and leaves it as it found it.
 * Bodies dispatched on a Vert.x context get a context of their own instead ({@link BodyContext}).
 */
final class LaneMdc {

    private LaneMdc() {
    }

    static Object around(Callable<Object> body) throws Exception {
        VertxMDC mdc = VertxMDC.INSTANCE;
        Map<String, Object> before = mdc.isEmpty() ? null : mdc.copyObject();
        try {
            return body.call();
        } finally {
            mdc.clear();
            if (before != null) {
                before.forEach(mdc::putObject);
            }
        }
    }
}
