package io.quarkiverse.knitting;

/**
 * A call ran longer than {@code worker.hard-timeout-ms}: its caller got {@link HardTimeoutException}, its worker thread
 * was abandoned and the pool applied {@code policy}.
 *
 * @param task the task's registered name ({@code Class#method} for {@code @Task} methods)
 * @param lane the lane it ran on
 * @param abandonedThread the name of the worker thread left behind
 * @param generation the pool's generation after it ({@link PoolStats#generation()})
 */
public record HardTimeoutEvent(String pool, String task, int lane, String abandonedThread, HardTimeoutPolicy policy,
        long generation) implements PoolEvent {
}
