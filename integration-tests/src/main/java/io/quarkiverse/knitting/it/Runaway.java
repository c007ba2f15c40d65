package io.quarkiverse.knitting.it;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/**
 * A task that never finishes by itself, on pool {@code guarded} ({@code worker.hard-timeout-ms=300}). It ignores
 * interrupts and is not abortable, the worst case for a pool: only the hard-timeout watchdog gets the caller an
 * answer, and only {@link #releaseAll()} lets the abandoned thread end.
 */
@ApplicationScoped
public class Runaway {

    private final AtomicLong started = new AtomicLong();
    private volatile long releasedUpTo;

    @Task(pool = "guarded")
    public Uni<LaneName> runForever() {
        long ticket = started.incrementAndGet();
        long giveUpAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CooperativeWork.SAFETY_CAP_MS * 4);
        while (releasedUpTo < ticket && System.nanoTime() - giveUpAt < 0) {
            try {
                Thread.sleep(10); // sleeps rather than burns a core; swallows the watchdog's interrupt below
            } catch (InterruptedException ignored) {
                // a runaway ignores interrupts
            }
        }
        return Uni.createFrom().item(LaneName.current());
    }

    /** Releases every runaway started so far. */
    public void releaseAll() {
        releasedUpTo = started.get();
    }
}
