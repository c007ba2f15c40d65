package io.quarkiverse.knitting.engine;

/**
 * The handshake that lets a producer wake a consumer that is about to park, without a lock. The consumer announces
 * the park (a volatile write) and then re-checks for work (a volatile read); the producer publishes work and then
 * reads the announcement. Whatever the interleaving, one of them sees the other.
 */
interface ParkGate {

    /**
     * Whether work is waiting; polled while spinning, so it must be a cheap read, and it may miss work a producer is
     * still publishing (the re-check in {@link #prepareToPark} must not).
     */
    boolean hasWork();

    /**
     * Announces the park and re-checks; false (announcement withdrawn) when there is work or a reason to wake.
     * {@code idleAt}: the {@code System.nanoTime()} from which the worker counts as idle, not just between two calls of
     * a stream (sporadic calls); a caller that wakes it from then on hands it its core.
     */
    boolean prepareToPark(long idleAt);

    /**
     * Whether work may come that nothing wakes the worker for, so that it should look again soon by itself: in a pool
     * that steals, a sibling is running a call, and a call queued behind it in the instant it started may wait for a
     * thief that looks.
     */
    default boolean mayGetWorkUnannounced() {
        return false;
    }

    /**
     * Whether the worker waits to stop gracefully: it stops once every accepted call has started, and nothing wakes it
     * when the last one does, so it looks again soon by itself.
     */
    default boolean waitsToStop() {
        return false;
    }

    /**
     * The spin is about to outlast its free checks: let a thread that waits for this core run first. A thread woken by
     * the worker's last answer (a caller parked on it) is often queued on the worker's core, and a worker that spins on
     * keeps it waiting until its scheduler slice ends, milliseconds later. The kernel returns at once when nothing else
     * is queued on the core, so this costs one system call per long spin.
     */
    default void yieldBeforeLongSpin() {
        Thread.yield();
    }

    /** Withdraws the announcement after waking. */
    void unparked();

    /** Time the worker just spent idle, spinning or parked; reported only by a strategy told to time it. */
    default void idled(long spunNanos, long parkedNanos) {
    }
}
