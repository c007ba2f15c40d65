package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;
import java.util.function.Function;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs code that may be the user's (a cancellation hook, a completion's continuation) where it may run, and asks a
 * caller's executor how to treat its calls ({@link CallerExecutor}). An answer that throws counts as the safe one given
 * with the question, and what it threw goes to Mutiny's dropped-exception handler: the call is accepted by then and
 * must still run and be answered.
 */
public final class UserCode {

    private static final System.Logger LOG = System.getLogger(UserCode.class.getName());

    private UserCode() {
    }

    /**
     * The flow of a caller's executor ({@link CallerExecutor#flowKey}, or the executor itself): asked on the lane after
     * each call; a key that throws counts as no flow.
     */
    static Object flowKeyOf(Executor callerExecutor) {
        return callerExecutor instanceof CallerExecutor caller ? ask(caller, CallerExecutor::flowKey, null)
                : callerExecutor;
    }

    /** Whether a caller's executor says it never runs a command in place; false when it cannot say. */
    static boolean neverRunsInPlace(Executor callerExecutor) {
        return callerExecutor instanceof CallerExecutor caller
                && ask(caller, CallerExecutor::neverRunsInPlace, Boolean.FALSE);
    }

    /**
     * What a caller's inline calls batch with ({@link CallerExecutor#batchKey}, or the executor itself; null without
     * one). A key that throws counts as none: the call runs as one without an executor would.
     */
    static Object batchKeyOf(Executor callerExecutor) {
        return callerExecutor instanceof CallerExecutor caller ? ask(caller, CallerExecutor::batchKey, null)
                : callerExecutor;
    }

    /** Where a caller's inline batch runs its turns; the executor itself when it cannot say. */
    static Executor turnExecutorOf(Executor callerExecutor) {
        if (!(callerExecutor instanceof CallerExecutor caller)) {
            return callerExecutor;
        }
        Executor turns = ask(caller, CallerExecutor::turnExecutor, caller);
        return turns != null ? turns : caller;
    }

    private static <T> T ask(CallerExecutor caller, Function<CallerExecutor, T> question, T whenItThrows) {
        try {
            return question.apply(caller);
        } catch (Throwable userFailure) {
            dropped(userFailure);
            return whenItThrows;
        }
    }

    /**
     * Runs {@code action} here and now; on one of the pool's control threads it goes to the pool's answer threads
     * instead (here only when they refuse it). What it throws goes to Mutiny's dropped-exception handler.
     */
    static void run(Runnable action) {
        runOn(Thread.currentThread() instanceof ControlThread control ? control.answers : null, action);
    }

    /** Runs {@code action} on {@code elsewhere}, or here when that is null or refuses it. */
    static void runOn(Executor elsewhere, Runnable action) {
        if (elsewhere != null) {
            try {
                elsewhere.execute(action);
                return;
            } catch (Throwable refused) {
                // run it here: better late on the wrong thread than never
            }
        }
        try {
            action.run();
        } catch (Throwable userFailure) {
            dropped(userFailure);
        }
    }

    /**
     * Hands what user code threw to Mutiny's dropped-exception handler. That handler is the user's to set too, and
     * one that throws must not end the engine thread that reports (a lane between two calls, say): what it throws is
     * logged with the failure it was given. Public for the Quarkus layer, which runs user components too (a tracer).
     */
    public static void dropped(Throwable userFailure) {
        try {
            Infrastructure.handleDroppedException(userFailure);
        } catch (Throwable handlerFailure) {
            try { // neither failure is changed: the handler may have thrown the one it was given, or a shared one
                LOG.log(System.Logger.Level.ERROR, "Mutiny's dropped-exception handler threw " + handlerFailure
                        + " while reporting the failure of user code attached here; the thread goes on", userFailure);
            } catch (Throwable unloggable) {
                // a toString() or a log handler that throws as well: nothing is left to report it to
            }
        }
    }
}
