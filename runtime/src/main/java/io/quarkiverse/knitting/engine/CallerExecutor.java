package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;

/**
 * A caller's executor that says how its inline calls run. Calls whose executors have the same {@link #batchKey()}
 * (the same event loop, say) share batches: they run in turns on {@link #turnExecutor()}, at most
 * {@code inliner.batch-size} per turn. A null key means the caller is not on a thread that runs turns (a worker
 * thread, say): its inline calls run at once on the calling thread, as calls without an executor do. Any executor that
 * is not a {@code CallerExecutor} batches only with itself.
 */
public interface CallerExecutor extends Executor {

    /**
     * What ties this caller's calls into one flow of work (a request's context, say): a lane that answers two calls of
     * the same flow in a row takes the calls for a chain whose next link follows at once, and keeps spinning for it
     * after handing the answer over. Null: no flow, every answer is followed by the hand-off spin only. Asked on the
     * lane after each of its calls: it must be cheap and must not block (what it throws counts as no flow).
     */
    default Object flowKey() {
        return this;
    }

    /**
     * Whether {@link #execute} never runs the command before it returns (it always schedules it for later). Answers
     * settled on the pool's control threads (timeouts) then go to this executor at once; otherwise they first hop to
     * the pool's answer threads, so that a command run in place does not run on the watchdog.
     */
    default boolean neverRunsInPlace() {
        return false;
    }

    /** What this caller's inline calls batch with, or null to run them at once on the calling thread. */
    Object batchKey();

    /**
     * Where the turns of a batch run. A batch outlives the call that started it, so this must not hold on to that
     * call's own state (a request's duplicated context, say).
     */
    default Executor turnExecutor() {
        return this;
    }
}
