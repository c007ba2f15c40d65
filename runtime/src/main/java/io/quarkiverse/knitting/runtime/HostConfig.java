package io.quarkiverse.knitting.runtime;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.quarkiverse.knitting.PoolDefaults;
import io.smallrye.config.WithDefault;

/** The host dispatcher. */
public interface HostConfig {

    /** Loops while lanes are full before the host dispatcher backs off; at least 0. */
    @WithDefault("" + PoolDefaults.HOST_STALL_FREE_LOOPS)
    int stallFreeLoops();

    /** The host dispatcher's longest back-off, in milliseconds; at least 1. */
    @WithDefault("" + PoolDefaults.HOST_MAX_BACKOFF_MS)
    long maxBackoffMs();

    /**
     * Whether idle worker lanes take queued calls from busy ones (work stealing). Unset: on when the pool has more than
     * one worker lane and no {@code balancer} is configured; with one worker lane there is nobody to take from.
     */
    Optional<Boolean> steal();

    /** The deprecated {@code dispatcher} group. */
    interface DispatcherConfig {

        /**
         * Deprecated alias of {@code host.stall-free-loops}, read when that key is not set (a warning is logged).
         *
         * @deprecated use {@code host.stall-free-loops}
         */
        @Deprecated
        OptionalInt stallFreeLoops();

        /**
         * Deprecated alias of {@code host.max-backoff-ms}, read when that key is not set (a warning is logged).
         *
         * @deprecated use {@code host.max-backoff-ms}
         */
        @Deprecated
        OptionalLong maxBackoffMs();
    }
}
