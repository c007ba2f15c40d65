package io.quarkiverse.knitting.it;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/**
 * Work with a soft timeout, on pool {@code slow}. Both tasks are abortable, so a body whose soft timeout has passed
 * sees its abort signal and stops at once instead of holding the lane for the rest of its work.
 */
@ApplicationScoped
public class SlowWork {

    /** The soft timeout of both tasks: generous, so that a quick call never trips it on a loaded machine. */
    static final long TIMEOUT_MS = 1500;

    private final AtomicInteger abortedDeadlineRuns = new AtomicInteger();

    /** Past {@link #TIMEOUT_MS} the call fails with {@code TaskTimeoutException} (mapped to 504). */
    @Task(pool = "slow", timeoutMs = TIMEOUT_MS, abortable = true)
    public Uni<LaneName> workWithDeadline(long workMs) {
        if (CooperativeWork.workUnlessAborted(workMs)) {
            abortedDeadlineRuns.incrementAndGet();
        }
        return Uni.createFrom().item(LaneName.current());
    }

    /** How many runs of {@link #workWithDeadline} saw their soft timeout abort them. */
    public int abortedDeadlineRuns() {
        return abortedDeadlineRuns.get();
    }

    /** Past {@link #TIMEOUT_MS} the call completes with {@code null} (the JavaScript library's {@code maybe}). */
    @Task(pool = "slow", timeoutMs = TIMEOUT_MS, onTimeout = OnTimeout.NULL, abortable = true)
    public Uni<LaneName> workOrNothing(long workMs) {
        CooperativeWork.workUnlessAborted(workMs);
        return Uni.createFrom().item(LaneName.current());
    }
}
