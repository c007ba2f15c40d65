package io.quarkiverse.knitting.engine;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Runs code that may be the user's (a cancellation hook, a completion's continuation) where it may run. */
final class UserCode {

    private UserCode() {
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
