package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.engine.CallerExecutor;
import io.vertx.core.impl.ContextInternal;

/**
 * The caller is a task body running on a lane, inside its Vert.x context (nested in the request's). Its answers run
 * where they are delivered (in place, or on the lane that ran a task of another pool) with that context current, not
 * on the request's event loop: a body that waits for another task continues without a hop through a busy event loop,
 * and what it chains on that task's {@code Uni} stays off the event loop, as the CPU work of a task should, while
 * still seeing the request's context (request-scoped beans, MDC, span). Its inline calls run at once on the lane.
 */
final class LaneCallerExecutor implements CallerExecutor {

    private final ContextInternal context;

    LaneCallerExecutor(ContextInternal context) {
        this.context = context;
    }

    @Override
    public void execute(Runnable command) {
        context.dispatch(command);
    }

    @Override
    public Object batchKey() {
        return null;
    }

    /** The body's context: the calls one body makes, one after another, are one flow. */
    @Override
    public Object flowKey() {
        return context;
    }
}
