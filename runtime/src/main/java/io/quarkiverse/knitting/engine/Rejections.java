package io.quarkiverse.knitting.engine;

import java.util.concurrent.TimeUnit;

/**
 * What a pool does with each call it rejects (full bound, queue deadline) besides answering it: a rate-limited
 * warning ({@link PoolLog#rejected}), and the current saturation episode, which the readiness check reads. An
 * episode is a run of rejections with no pause longer than {@link #PAUSE_NANOS} between two of them.
 */
final class Rejections {

    /** A pool that rejected nothing for this long is not saturated any more. */
    static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The last-rejection time is written at most this often: under overload every caller passes here. */
    private static final long STAMP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final PoolLog log;
    private volatile long episodeStartedAt;
    private volatile long lastAt;

    Rejections(PoolLog log) {
        this.log = log;
    }

    void record() {
        long now = System.nanoTime();
        long last = lastAt;
        if (last == 0 || now - last > PAUSE_NANOS) {
            episodeStartedAt = now;
            lastAt = now;
        } else if (now - last > STAMP_NANOS) {
            lastAt = now;
        }
        log.rejected();
    }

    /** How long the pool has been rejecting calls without a pause; -1 when it is not rejecting now. */
    long rejectingForNanos() {
        long last = lastAt;
        long now = System.nanoTime();
        if (last == 0 || now - last > PAUSE_NANOS) {
            return -1;
        }
        return now - episodeStartedAt;
    }
}
