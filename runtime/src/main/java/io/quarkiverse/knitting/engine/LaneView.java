package io.quarkiverse.knitting.engine;

/**
 * What one worker lane is doing right now, for diagnostics (the Dev UI): read without locks, so each field is
 * current but the record may mix two instants.
 *
 * @param thread the name of the lane's worker thread, or null once the lane has stopped
 * @param state {@code running} (a body), {@code answering} (its worker delivers an answer after the body: the caller's
 *        continuation runs there when it gave no executor), {@code idle} or {@code stopped}
 * @param task the registered name of the task running on it, or null
 * @param runningForNanos how long that call has been running, or -1 when nothing runs or its start time was not
 *        taken (taken for timed calls, see {@code metrics.timer-sampling}, and under a hard timeout)
 * @param queued calls waiting in the lane's own queue
 */
public record LaneView(int index, String thread, String state, String task, long runningForNanos, int queued) {
}
