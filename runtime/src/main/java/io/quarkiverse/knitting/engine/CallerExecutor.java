package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;

/**
 * A caller's executor that says which calls may share an inline batch: calls whose executors have the same
 * {@link #batchKey()} (the same event loop, say) run in the same turns. Any other executor batches only with itself.
 */
public interface CallerExecutor extends Executor {

    Object batchKey();
}
