package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.engine.CallerExecutor;
import io.vertx.core.impl.ContextInternal;

/**
 * The caller's Vert.x context as the engine sees it: answers (and inline calls) are scheduled on it. Calls from one
 * event loop share inline batches, whatever their duplicated context; a worker context batches only with itself.
 */
final class VertxCallerExecutor implements CallerExecutor {

    private final ContextInternal context;

    VertxCallerExecutor(ContextInternal context) {
        this.context = context;
    }

    @Override
    public void execute(Runnable command) {
        context.runOnContext(ignored -> command.run()); // always a later turn, never inline
    }

    @Override
    public Object batchKey() {
        return context.isEventLoopContext() ? context.nettyEventLoop() : context;
    }
}
