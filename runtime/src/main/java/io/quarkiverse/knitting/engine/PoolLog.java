package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.quarkiverse.knitting.PoolSettings;

/** What a pool logs: lane signals under {@code debug.log-main}, warnings once, and the errors it survives. */
final class PoolLog {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    private final String pool;
    private final boolean logMain;
    private final AtomicBoolean warnedNestedCall = new AtomicBoolean();
    private static final long REJECTION_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final VarHandle NEXT_REPORT;
    private final LongAdder rejectedSinceReport = new LongAdder();
    /** When the next rejection report may be logged; the first rejection is reported at once. */
    private volatile long nextRejectionReport = System.nanoTime();
    /** Rejection warnings logged so far (for tests). */
    private volatile long rejectionReports;

    static {
        try {
            NEXT_REPORT = MethodHandles.lookup().findVarHandle(PoolLog.class, "nextRejectionReport", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    PoolLog(PoolSettings settings) {
        this.pool = settings.name();
        this.logMain = settings.debug().logMain();
    }

    /** A lane signal (start, hand-over, stop, shutdown), logged when {@code debug.log-main} is on. */
    void event(String event) {
        if (logMain) {
            LOG.log(System.Logger.Level.INFO, "knitting pool ''{0}'': {1}", pool, event);
        }
    }

    /** A task called from a lane of its own pool runs in place there (debug.extras); said once per pool. */
    void nestedCall(RegisteredTask<?, ?> task) {
        if (warnedNestedCall.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "knitting pool ''{0}'': {1} was called from a lane of the same pool and "
                    + "runs in place on that lane, holding it while it runs (debug.extras; logged once)", pool, task);
        }
    }

    void unenforcedLimits() {
        LOG.log(System.Logger.Level.WARNING, "knitting pool ''{0}'': worker.resource-limits max-old-generation-size-mb, "
                + "max-young-generation-size-mb and code-range-size-mb are not enforced: thread workers share the "
                + "JVM heap (they belong to a future process-worker runtime)", pool);
    }

    /**
     * A call was rejected (queue full or queue deadline). Said at most once per {@link #REJECTION_REPORT_NANOS}, with
     * the count since the last report, so that an overload does not become a log storm.
     */
    void rejected() {
        rejectedSinceReport.increment();
        long now = System.nanoTime();
        long due = nextRejectionReport;
        if (now - due >= 0 && NEXT_REPORT.compareAndSet(this, due, now + REJECTION_REPORT_NANOS)) {
            rejectionReports++; // only the CAS winner writes it
            LOG.log(System.Logger.Level.WARNING, "knitting pool ''{0}'': {1} call(s) rejected since the last report "
                    + "(max-queued or queue-timeout-ms; PoolStats.rejected() has the total); next report in 10 s at "
                    + "the earliest", pool, rejectedSinceReport.sumThenReset());
        }
    }

    long rejectionReports() {
        return rejectionReports;
    }

    /** The cleanup run after each lane call threw ({@link Pool#afterEachLaneCall}); the lane goes on. */
    void cleanupFailed(Throwable failure) {
        LOG.log(System.Logger.Level.ERROR, "knitting pool ''" + pool + "'': the cleanup after a lane call failed",
                failure);
    }

    /** A lane whose worker could not be started closed for good; its calls fail as on a closed pool. */
    void laneLost(int index, Throwable cause) {
        LOG.log(System.Logger.Level.ERROR, "knitting pool ''" + pool + "'': could not start a worker for lane " + index
                + "; the lane is closed and its calls fail with PoolClosedException", cause);
    }
}
