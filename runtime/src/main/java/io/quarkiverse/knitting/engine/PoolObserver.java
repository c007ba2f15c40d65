package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.HardTimeoutPolicy;

/**
 * Hears what happens to a pool, for metrics and application events. Methods run on the pool's own threads (the
 * watchdog, a lane's worker, the thread that registers a task or shuts the pool down): they must return at once and
 * hand anything slow or foreign to another thread. What one throws is logged and ignored.
 */
public interface PoolObserver {

    /**
     * A task was registered (also replayed for each task registered before the observer); {@code meter} is null
     * unless the pool is metered.
     */
    default void taskRegistered(String task, TaskMeter meter) {
    }

    /**
     * A call ran past {@code worker.hard-timeout-ms} on {@code lane}; its worker thread was abandoned and the policy
     * applied ({@code generation}: the pool's generation after it).
     */
    default void hardTimeout(String task, int lane, String abandonedThread, HardTimeoutPolicy policy, long generation) {
    }

    /** {@code lane} got a fresh worker thread in place of one abandoned after a hard timeout. */
    default void laneReplaced(int lane, long generation) {
    }

    /** Under the {@code restart} policy, every lane was told to hand over to a fresh worker thread. */
    default void restarted(long generation) {
    }

    /** The pool closed to new calls; {@code reason} says why. */
    default void closed(String reason) {
    }
}
