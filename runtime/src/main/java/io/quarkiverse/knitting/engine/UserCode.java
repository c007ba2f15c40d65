package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs code that may be the user's (a cancellation hook, a completion's continuation, a caller executor's flow key)
 * where it may run.
 */
final class UserCode {

    private UserCode() {
    }

    /**
     * The flow of a caller's executor ({@link CallerExecutor#flowKey}, or the executor itself): asked on the lane after
     * each call, so a key that throws counts as no flow, and what it threw goes to Mutiny's dropped-exception handler.
     */
    static Object flowKeyOf(Executor callerExecutor) {
        if (!(callerExecutor instanceof CallerExecutor caller)) {
            return callerExecutor;
        }
        try {
            return caller.flowKey();
        } catch (Throwable userFailure) {
            Infrastructure.handleDroppedException(userFailure);
            return null;
        }
    }

    /**
     * Runs {@code action} here and now; on one of the pool's control threads it goes to Mutiny's default executor
     * instead (here only when that executor refuses it). What it throws goes to Mutiny's dropped-exception handler.
     */
    static void run(Runnable action) {
        if (Thread.currentThread() instanceof ControlThread) {
            try {
                Infrastructure.getDefaultExecutor().execute(action);
                return;
            } catch (Throwable refused) {
                // run it here: better late on the wrong thread than never
            }
        }
        try {
            action.run();
        } catch (Throwable userFailure) {
            Infrastructure.handleDroppedException(userFailure);
        }
    }
}
