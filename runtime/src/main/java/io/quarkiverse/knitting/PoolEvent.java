package io.quarkiverse.knitting;

/**
 * Something that happened to a pool, fired as a CDI event (observe one type, or {@code PoolEvent} for all). Events are
 * delivered in order, one at a time, on a Quarkus worker thread, never on the pool's own threads: a slow or failing
 * observer delays only later events, never a call. Synchronous ({@code @Observes}) and asynchronous
 * ({@code @ObservesAsync}) observers both receive them.
 */
public sealed interface PoolEvent permits HardTimeoutEvent, LaneReplacedEvent, PoolRestartedEvent, PoolClosedEvent {

    /** The pool's name. */
    String pool();
}
