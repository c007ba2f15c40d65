package io.quarkiverse.knitting.it;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** Abortable tasks: bodies that run until their caller gives up, and one that holds an abort slot. */
@ApplicationScoped
public class AbortableWork {

    private final AtomicInteger abortedRuns = new AtomicInteger();
    private final Semaphore slotReleases = new Semaphore(0);

    /**
     * Runs until the call is aborted (the caller cancelled its subscription), then counts the abort. Its result is
     * never seen: an aborted call has already been answered (or dropped) by the time the body notices.
     */
    @Task(abortable = true)
    public Uni<LaneName> spinUntilAborted() {
        if (CooperativeWork.workUnlessAborted(CooperativeWork.SAFETY_CAP_MS)) {
            abortedRuns.incrementAndGet();
        }
        return Uni.createFrom().item(LaneName.current());
    }

    /** How many runs of {@link #spinUntilAborted()} saw their abort signal. */
    public int abortedRuns() {
        return abortedRuns.get();
    }

    /**
     * Pool {@code gate} has one abort slot: while this call holds it, the next abortable call on the pool fails with
     * {@code AbortCapacityExceededException}. It ends when {@link #releaseSlot()} is called (or it is aborted).
     */
    @Task(pool = "gate", abortable = true)
    public Uni<LaneName> holdAbortSlot() {
        AbortSignal signal = AbortSignal.current();
        double giveUpAt = signal.now() + CooperativeWork.SAFETY_CAP_MS;
        try {
            while (!signal.hasAborted() && signal.now() < giveUpAt
                    && !slotReleases.tryAcquire(1, TimeUnit.MILLISECONDS)) {
                // hold the slot
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Uni.createFrom().item(LaneName.current());
    }

    /** Lets one {@link #holdAbortSlot()} call finish; a release given before the call starts is kept for it. */
    public void releaseSlot() {
        slotReleases.release();
    }
}
