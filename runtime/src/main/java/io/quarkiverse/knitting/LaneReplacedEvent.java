package io.quarkiverse.knitting;

/**
 * A lane got a fresh worker thread in place of one abandoned after a hard timeout (policies {@code replace-lane} and
 * {@code restart}).
 *
 * @param generation the pool's generation after it ({@link PoolStats#generation()})
 */
public record LaneReplacedEvent(String pool, int lane, long generation) implements PoolEvent {
}
