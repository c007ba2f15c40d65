package io.quarkiverse.knitting.runtime;

import java.util.concurrent.Executor;

import io.quarkiverse.knitting.engine.CallerExecutor;
import io.vertx.core.impl.ContextInternal;

/**
 * The caller's Vert.x context as the engine sees it: answers are scheduled on it. Inline calls made on an event-loop
 * thread share that event loop's batch, whatever their duplicated context, and its turns run on the event loop's root
 * context (a batch outlives the request that started it and must not keep that request's context). Inline calls made
 * on any other thread (a {@code @Blocking} method on a worker thread, a worker context) run at once on that thread:
 * a CPU-bound body never moves onto the event loop.
 */
final class VertxCallerExecutor implements CallerExecutor {

    private final ContextInternal context;
    /** Whether the caller was on its event loop's thread when it called: then its inline calls batch there. */
    private final boolean callerOnEventLoop;

    /** Call on the caller's thread. */
    VertxCallerExecutor(ContextInternal context) {
        this.context = context;
        this.callerOnEventLoop = context.isEventLoopContext() && context.nettyEventLoop().inEventLoop();
    }

    @Override
    public void execute(Runnable command) {
        context.runOnContext(ignored -> command.run()); // always a later turn, never inline
    }

    @Override
    public boolean neverRunsInPlace() {
        return true;
    }

    /**
     * The event loop of a caller that called on it, wherever the call is submitted from (a call whose
     * {@code Uni} parameter completed on another thread goes back to the caller's loop); null for a caller on any other
     * thread, whose inline call runs where it is submitted.
     */
    @Override
    public Object batchKey() {
        return callerOnEventLoop ? context.nettyEventLoop() : null;
    }

    /** The caller's context: a request's duplicated context, which every call of that request shares. */
    @Override
    public Object flowKey() {
        return context;
    }

    @Override
    public Executor turnExecutor() {
        ContextInternal root = context.unwrap();
        return command -> root.runOnContext(ignored -> command.run());
    }
}
