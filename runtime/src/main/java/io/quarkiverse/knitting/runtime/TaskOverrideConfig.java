package io.quarkiverse.knitting.runtime;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.quarkiverse.knitting.OnTimeout;

/** {@code knitting.task."<class>#<method>".*}: what configuration changes of one {@code @Task} method. */
public interface TaskOverrideConfig {

    /** The pool the method runs on, instead of {@code @Task(pool)}. */
    Optional<String> pool();

    /** Soft timeout in milliseconds, instead of {@code @Task(timeoutMs)}; negative: none. */
    OptionalLong timeoutMs();

    /** What a timed-out call completes with ({@code fail} or {@code null}), instead of {@code @Task(onTimeout)}. */
    Optional<OnTimeout> onTimeout();

    /** Instead of {@code @Task(abortable)}. */
    Optional<Boolean> abortable();

    /** Instead of {@code @Task(maxConcurrency)}; below 1: no limit. */
    OptionalInt maxConcurrency();

    /**
     * Instead of {@code @Task(queueTimeoutMs)}: the longest a call may wait in a queue; negative: the pool's
     * {@code queue-timeout-ms}; 0 is refused.
     */
    OptionalLong queueTimeoutMs();
}
