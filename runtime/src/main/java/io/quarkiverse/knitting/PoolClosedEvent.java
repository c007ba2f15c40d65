package io.quarkiverse.knitting;

/**
 * The pool closed to new calls: shut down by the application, or after a hard timeout under the {@code shutdown}
 * policy. Calls made from now on fail with {@link PoolClosedException}.
 *
 * @param reason why, in words ({@code "shut down"}, or the hard timeout that closed it)
 */
public record PoolClosedEvent(String pool, String reason) implements PoolEvent {
}
