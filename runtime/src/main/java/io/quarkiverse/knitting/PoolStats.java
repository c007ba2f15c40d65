package io.quarkiverse.knitting;

/**
 * A snapshot of a pool's counters. Counters are read one after another without a lock, so a snapshot taken while
 * calls run may be off by the calls that finished while it was read; {@code submitted} is read last, so
 * {@code inFlight} is never negative.
 * <p>
 * Every call that reaches the pool is counted in {@code submitted} and, once it is settled, in exactly one of
 * {@code completed}, {@code failed}, {@code cancelled} and {@code rejected}:
 * {@code submitted == completed + failed + cancelled + rejected + inFlight}, and at quiescence {@code inFlight == 0}.
 *
 * @param lanes lanes, the inline lane included
 * @param generation how many times workers were replaced after a hard timeout or the hand-over of a held lane
 * @param submitted calls that reached the pool, refused ones included
 * @param completed calls that finished successfully ({@link OnTimeout#NULL} timeouts included)
 * @param failed calls that finished with a failure (timeouts, hard timeouts and shutdown included)
 * @param cancelled calls whose caller cancelled them before they were settled
 * @param rejected calls refused before they were accepted (closed pool, payload, abort capacity, {@code max-queued}),
 *        and calls rejected after waiting in a queue past their queue deadline; none of them ran
 * @param inFlight accepted calls not settled yet: queued, running, or waiting for the output their body returned
 * @param completedPerLane by lane index (the inline lane first or last according to its position): the calls whose
 *        body ran on that lane and ended, by returning or throwing, whatever the call's outcome. Calls settled
 *        before a lane started them (cancelled or timed out while queued, failed at shutdown, rejected) appear on no
 *        lane; a body still running on an abandoned thread is counted when it ends
 * @param abandonedThreads worker threads abandoned after a hard timeout or a hand-over that are still alive
 */
public record PoolStats(int lanes, long generation, long submitted, long completed, long failed, long cancelled,
        long rejected, long inFlight, long[] completedPerLane, int abandonedThreads) {
}
