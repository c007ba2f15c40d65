package io.quarkiverse.knitting.engine;

import java.util.concurrent.TimeUnit;

/**
 * {@code worker.stuck-warn-ms}: the watchdog looks at the call each worker lane runs every quarter of the limit, and a
 * call it has seen running on the same lane for the limit or longer gets one warning with the lane thread's stack. It
 * needs no timestamp on the call path: a call counts from the first look that saw it, so the warning comes between
 * the limit and the limit plus one look. A call is recognised by the lane's count of started calls, not kept: holding
 * a finished call would keep whatever its subscriber references (a chain of later calls, say) from being collected.
 * Only the watchdog thread calls {@link #scan}.
 * <p>
 * It also warns, once, about a lane that has calls waiting in its queue for the limit but runs no body and starts
 * none: its thread is held outside any body, most often by a continuation of an answer it delivered (a caller without
 * an executor) that blocks. Waiting there for a call of this pool would wait for ever, since that call is queued
 * behind the waiting thread: when the thread is held while it answers, its lane is handed to a fresh thread
 * ({@link Runaways#handOverHeld}), which runs the waiting calls.
 */
final class StuckCalls {

    private static final System.Logger LOG = System.getLogger(StuckCalls.class.getName());

    private final Pool pool;
    private final long warnNanos;
    private final long warnMillis;
    final long scanNanos;
    /** Per lane: the running call, recognised by the lane's started-call count. */
    private final Spell[] running;
    /** Per lane: the lane held outside a body with calls waiting, recognised the same way. */
    private final Spell[] held;
    private volatile long reported;

    StuckCalls(Pool pool, long warnMillis) {
        this.pool = pool;
        this.warnMillis = warnMillis;
        this.warnNanos = TimeUnit.MILLISECONDS.toNanos(warnMillis);
        this.scanNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), warnNanos / 4);
        int lanes = pool.lanes.workers.length;
        this.running = new Spell[lanes];
        this.held = new Spell[lanes];
        for (int i = 0; i < lanes; i++) {
            running[i] = new Spell();
            held[i] = new Spell();
        }
    }

    /** Warnings logged so far. */
    long reported() {
        return reported;
    }

    void scan(long now) {
        WorkerLane[] lanes = pool.lanes.workers;
        for (int i = 0; i < lanes.length; i++) {
            WorkerLane lane = lanes[i];
            Call<?, ?> call = lane.running();
            boolean waitsOutsideABody = call == null && lane.queue.relaxedPeek() != null;
            long started = lane.startedHere();
            if (running[i].lastsTooLong(call == null ? Spell.NONE : started, now, warnNanos)) {
                reported++; // only the watchdog writes it
                report(lane, call, now - running[i].since);
            }
            if (held[i].lastsTooLong(waitsOutsideABody ? started : Spell.NONE, now, warnNanos)) {
                reported++;
                // before the hand-over, which renames the thread and lets its continuation return: the stack shows it
                String where = where(lane.worker());
                reportHeld(lane, now - held[i].since, where, pool.runaways.handOverHeld(lane, started));
            }
        }
    }

    /** One condition on one lane, recognised by a key, that is warned about once when it lasts the limit. */
    private static final class Spell {
        static final long NONE = -1;

        private long key = NONE;
        long since;
        private boolean warned;

        /** Looks at the lane's key now ({@link #NONE}: the condition does not hold); true once it lasted the limit. */
        boolean lastsTooLong(long keyNow, long now, long limitNanos) {
            if (keyNow != key) {
                key = keyNow;
                since = now;
                warned = false;
                return false;
            }
            if (key == NONE || warned || now - since < limitNanos) {
                return false;
            }
            warned = true;
            return true;
        }
    }

    private void reportHeld(WorkerLane lane, long heldNanos, String where, String letGoAs) {
        StringBuilder message = new StringBuilder("knitting pool '").append(pool.name()).append("': lane ")
                .append(lane.index()).append(" has had calls waiting for at least ")
                .append(TimeUnit.NANOSECONDS.toMillis(heldNanos)).append(" ms (worker.stuck-warn-ms=")
                .append(warnMillis).append(") and started none, and runs no body: its thread is held outside a body, "
                        + "most likely by a continuation of an answer it delivered that blocks. Do not block there "
                        + "on a call of this pool (it is queued behind the blocked thread): return the Uni instead");
        if (letGoAs != null) {
            message.append(". The waiting calls were handed to a fresh thread; the held one, now ").append(letGoAs)
                    .append(", leaves when it returns");
        }
        LOG.log(System.Logger.Level.WARNING, message.append(where).toString());
    }

    private void report(WorkerLane lane, Call<?, ?> call, long runningNanos) {
        WorkerThread thread = lane.worker();
        StringBuilder message = new StringBuilder("knitting pool '").append(pool.name()).append("': ").append(call.task)
                .append(" has been running for at least ").append(TimeUnit.NANOSECONDS.toMillis(runningNanos))
                .append(" ms on lane ").append(lane.index()).append(" (worker.stuck-warn-ms=").append(warnMillis)
                .append("); it is not stopped");
        LOG.log(System.Logger.Level.WARNING, message.append(where(thread)).toString());
    }

    /** The thread's name and stack, for a warning; empty without a thread. */
    private static String where(WorkerThread thread) {
        if (thread == null) {
            return "";
        }
        StringBuilder where = new StringBuilder(". Its thread ").append(thread.getName()).append(" is at:");
        for (StackTraceElement frame : thread.getStackTrace()) {
            where.append("\n\tat ").append(frame);
        }
        return where.toString();
    }
}
