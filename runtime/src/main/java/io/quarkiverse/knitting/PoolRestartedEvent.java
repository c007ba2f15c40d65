package io.quarkiverse.knitting;

/**
 * After a hard timeout under the {@code restart} policy, every lane hands over to a fresh worker thread once its
 * current call ends: a new generation of workers.
 *
 * @param generation the new generation ({@link PoolStats#generation()})
 */
public record PoolRestartedEvent(String pool, long generation) implements PoolEvent {
}
