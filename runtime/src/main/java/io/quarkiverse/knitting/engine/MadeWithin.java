package io.quarkiverse.knitting.engine;

/**
 * The body a call was made in, when that body runs on a thread of another pool: its call, and the lane or stand-in that
 * runs it, which tells whether it still does. Each call made that way keeps such a link, and so does the call it links
 * to, so a call into a pool can tell whether it was made, across pools, within a body of that pool still at work
 * ({@link #bodyAtWorkOf}). That body may be waiting for it: queued behind it, the call would wait for ever, as a call
 * a body makes to its own pool would, which is why that one runs in place.
 * <p>
 * The link is made on the calling thread before the dispatch and published with it; calls made elsewhere (a thread of
 * no pool, an event loop, a continuation after the body) start no chain.
 */
final class MadeWithin {

    /** The call whose body runs on the thread the call was made on (the outermost there: calls in place share it). */
    final Call<?, ?> call;
    /** Its lane, or null when a stand-in runs it. */
    final WorkerLane lane;
    private final StandInThread standIn;

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
     * The nearest body of {@code pool} still at work along the chain of bodies this link starts, or null. Links whose
     * body has ended are passed, not stopped at: a body that returned its output may be what one further up waits for.
     */
    MadeWithin bodyAtWorkOf(Pool pool) {
        for (MadeWithin link = this; link != null; link = link.call.madeWithin) {
            if (link.call.task.pool == pool && link.atWork()) {
                return link;
            }
        }
        return null;
    }

    private boolean atWork() {
        return lane != null ? lane.current == call : standIn.running == call;
    }
}
