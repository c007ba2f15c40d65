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
        }
    }

    private void report(WorkerLane lane, Call<?, ?> call, long runningNanos) {
        WorkerThread thread = lane.worker();
        StringBuilder message = new StringBuilder("knitting pool '").append(pool.name()).append("': ").append(call.task)
                .append(" has been running for at least ").append(TimeUnit.NANOSECONDS.toMillis(runningNanos))
                .append(" ms on lane ").append(lane.index()).append(" (worker.stuck-warn-ms=").append(warnMillis)
                .append("); it is not stopped");
        if (thread != null) {
            message.append(". Its thread ").append(thread.getName()).append(" is at:");
            for (StackTraceElement frame : thread.getStackTrace()) {
                message.append("\n\tat ").append(frame);
            }
        }
        LOG.log(System.Logger.Level.WARNING, message.toString());
    }
}
