package io.quarkiverse.knitting.engine;

/**
 * The body a call was made in, when that body runs on a thread of another pool: its call, and the lane or stand-in that
 * runs it, which tells whether it still does. Each call made that way keeps such a link, and so does the call it links
 * to, so a call into a pool can tell whether it was made, across pools, within a body of that pool still at work
 * ({@link #bodyAtWorkOf}). When that body is blocked, it is most likely waiting for this call: queued behind it, the
 * call would wait for ever, as a call a body makes to its own pool would, which is why that one runs in place.
 * <p>
 * The link is made on the calling thread before the dispatch and published with it, and dropped when the call settles,
 * so only chains of calls still running are kept. Calls made elsewhere (a thread of no pool,
 * an event loop, a continuation after the body, a call whose argument arrives later) start no chain.
 */
final class MadeWithin {

    /** Links followed at most: chains of bodies that wait across pools are short; a longer one is not followed. */
    static final int MAX_LINKS = 32;
    /**
     * The longest time between two looks of the watch at a queued call that came back while the body of its chain
     * computes ({@link DeadlineQueue.Kind#CAME_BACK}): the time doubles from {@link Watchdog#IDLE_LANE_START_MS} up to
     * this, so a body that blocks late is still seen, and calls queued behind a body that never waits for them cost
     * the watchdog a look a second each, after the first few.
     */
    static final long MAX_LOOK_GAP_MS = 1_000;

    /** The call whose body runs on the thread the call was made on (the outermost there: calls in place share it). */
    final Call<?, ?> call;
    /** Its lane, or null when a stand-in runs it. */
    final WorkerLane lane;
    private final StandInThread standIn;
    /**
     * For the call that keeps this link while it is watched ({@link DeadlineQueue.Kind#CAME_BACK}): when the watch
     * last looked, from which its next look counts. Written by the dispatching thread, then by the watchdog only.
     */
    long lookedAt;
    /** The time until the next look while the body computes, doubled at each; watchdog only. */
    long lookGapMs = Watchdog.IDLE_LANE_START_MS;

    private MadeWithin(Call<?, ?> call, WorkerLane lane, StandInThread standIn) {
        this.call = call;
        this.lane = lane;
        this.standIn = standIn;
    }

    /**
     * The body at work on the current thread when that is a thread of a pool other than {@code pool}: a worker whose
     * lane holds a call (its body runs, or it subscribes to the body's output), or a stand-in running one; else null.
     */
    static MadeWithin here(Pool pool) {
        Thread thread = Thread.currentThread();
        if (thread instanceof WorkerThread worker) {
            WorkerLane lane = worker.lane;
            return worker.pool != pool && lane.current instanceof Call<?, ?> call && lane.worker == worker
                    ? new MadeWithin(call, lane, null) : null;
        }
        if (thread instanceof StandInThread standIn && standIn.owner != pool.threads) {
            Call<?, ?> call = standIn.running;
            return call == null ? null : new MadeWithin(call, null, standIn);
        }
        return null;
    }

    /**
     * The nearest body of {@code pool} still at work along the chain of bodies this link starts, or null. A link whose
     * body has ended but whose call still runs (it awaits the output the body returned) is passed, not stopped at:
     * a body further up may wait for that output.
     */
    MadeWithin bodyAtWorkOf(Pool pool) {
        MadeWithin link = this;
        for (int followed = 0; link != null && followed < MAX_LINKS; followed++) {
            if (link.call.task.pool == pool && link.atWork()) {
                return link;
            }
            link = link.call.madeWithin;
        }
        return null;
    }

    /**
     * Whether the thread running that body is blocked (parked, waiting, or on a monitor): what a body waiting for a
     * call's answer looks like, where a body that computes runs.
     */
    boolean blocked() {
        Thread thread = lane != null ? lane.worker : standIn;
        Thread.State state = thread == null ? Thread.State.RUNNABLE : thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    private boolean atWork() {
        return lane != null ? lane.current == call : standIn.running == call;
    }
}
