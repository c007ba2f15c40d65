package io.quarkiverse.knitting.runtime;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** {@code health.*}: when the readiness check {@code knitting} reports the pool DOWN (besides a closed pool). */
public interface HealthConfig {

    /**
     * A pool that has been rejecting calls ({@code max-queued}, {@code queue-timeout-ms}) for this long, with no pause
     * of a second, is DOWN until it has rejected nothing for a second. {@code 0s}: DOWN at the first rejection.
     */
    @WithDefault("10s")
    Duration saturatedAfter();

    /**
     * A pool with more abandoned worker threads still alive than this (runaway bodies left behind by hard timeouts,
     * each holding a thread and what it references) is DOWN. At least 0.
     */
    @WithDefault("8")
    int maxAbandonedThreads();
}
