package io.quarkiverse.knitting.engine;

import java.util.Arrays;
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
 * an executor) that blocks, and waiting there for a call of this pool waits for ever, since that call is queued
 * behind the waiting thread.
 */
final class StuckCalls {

    private static final System.Logger LOG = System.getLogger(StuckCalls.class.getName());

    private final Pool pool;
    private final long warnNanos;
    private final long warnMillis;
    final long scanNanos;
    /** The lane's started-call count when the running call was first seen; -1: the lane was idle. */
    private final long[] seen;
    private final long[] seenAt;
    private final boolean[] warned;
    /** The lane's started-call count when it was first seen held with calls waiting; -1: it was not. */
    private final long[] heldSince;
    private final long[] heldSeenAt;
    private final boolean[] heldWarned;
    private volatile long reported;

    StuckCalls(Pool pool, long warnMillis) {
        this.pool = pool;
        this.warnMillis = warnMillis;
        this.warnNanos = TimeUnit.MILLISECONDS.toNanos(warnMillis);
        this.scanNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), warnNanos / 4);
        int lanes = pool.lanes.workers.length;
        this.seen = new long[lanes];
        Arrays.fill(seen, -1);
        this.seenAt = new long[lanes];
        this.warned = new boolean[lanes];
        this.heldSince = new long[lanes];
        Arrays.fill(heldSince, -1);
        this.heldSeenAt = new long[lanes];
        this.heldWarned = new boolean[lanes];
    }

    /** Warnings logged so far. */
    long reported() {
        return reported;
    }

    void scan(long now) {
        WorkerLane[] lanes = pool.lanes.workers;
        for (int i = 0; i < lanes.length; i++) {
            Call<?, ?> running = lanes[i].running();
            long started = running == null ? -1 : lanes[i].startedHere();
            if (started != seen[i]) {
                seen[i] = started;
                seenAt[i] = now;
                warned[i] = false;
            } else if (started != -1 && !warned[i] && now - seenAt[i] >= warnNanos) {
                warned[i] = true;
                reported++; // only the watchdog writes it
                report(lanes[i], running, now - seenAt[i]);
            }
            scanForHeldLane(lanes[i], i, running, now);
        }
    }

    private void scanForHeldLane(WorkerLane lane, int i, Call<?, ?> running, long now) {
        long started = lane.startedHere();
        if (running != null || lane.queue.relaxedPeek() == null || started != heldSince[i]) {
            heldSince[i] = running == null && lane.queue.relaxedPeek() != null ? started : -1;
            heldSeenAt[i] = now;
            heldWarned[i] = false;
        } else if (!heldWarned[i] && now - heldSeenAt[i] >= warnNanos) {
            heldWarned[i] = true;
            reported++; // only the watchdog writes it
            reportHeld(lane, now - heldSeenAt[i]);
        }
    }

    private void reportHeld(WorkerLane lane, long heldNanos) {
        StringBuilder message = new StringBuilder("knitting pool '").append(pool.name()).append("': lane ")
                .append(lane.index()).append(" has had calls waiting for at least ")
                .append(TimeUnit.NANOSECONDS.toMillis(heldNanos)).append(" ms (worker.stuck-warn-ms=")
                .append(warnMillis).append(") and started none, and runs no body: its thread is held outside a body, "
                        + "most likely by a continuation of an answer it delivered that blocks. Blocking there on a "
                        + "call of this pool waits for ever (the call is queued behind it): return the Uni instead");
        appendStack(message, lane.worker());
        LOG.log(System.Logger.Level.WARNING, message.toString());
    }

    private void report(WorkerLane lane, Call<?, ?> call, long runningNanos) {
        WorkerThread thread = lane.worker();
        StringBuilder message = new StringBuilder("knitting pool '").append(pool.name()).append("': ").append(call.task)
                .append(" has been running for at least ").append(TimeUnit.NANOSECONDS.toMillis(runningNanos))
                .append(" ms on lane ").append(lane.index()).append(" (worker.stuck-warn-ms=").append(warnMillis)
                .append("); it is not stopped");
        appendStack(message, thread);
        LOG.log(System.Logger.Level.WARNING, message.toString());
    }

    private static void appendStack(StringBuilder message, WorkerThread thread) {
        if (thread != null) {
            message.append(". Its thread ").append(thread.getName()).append(" is at:");
            for (StackTraceElement frame : thread.getStackTrace()) {
                message.append("\n\tat ").append(frame);
            }
        }
    }
}
