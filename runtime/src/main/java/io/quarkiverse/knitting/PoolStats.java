package io.quarkiverse.knitting;

/**
 * A snapshot of a pool's counters. Counters are read one after another without a lock, so a snapshot taken while
 * calls run may be off by the calls that finished while it was read; {@code submitted} is read last, so
 * {@code inFlight} is never negative.
 *
 * @param lanes lanes, the inline lane included
 * @param generation how many times workers were replaced after a hard timeout
 * @param submitted calls accepted
 * @param completed calls that finished successfully ({@link OnTimeout#NULL} timeouts included)
 * @param failed calls that finished with a failure (timeouts included)
 * @param cancelled calls whose caller cancelled before they finished
 * @param rejected calls refused before they were accepted (closed pool, payload, abort capacity)
 * @param inFlight accepted calls that have not finished
 * @param completedPerLane calls each lane finished running (success or failure), by lane index, the inline lane
 *        first or last according to its position
 * @param abandonedThreads worker threads abandoned after a hard timeout that are still alive
 */
public record PoolStats(int lanes, long generation, long submitted, long completed, long failed, long cancelled,
        long rejected, long inFlight, long[] completedPerLane, int abandonedThreads) {
}
