package io.quarkiverse.knitting.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.PayloadMode;
import io.quarkiverse.knitting.PoolDefaults;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;
import io.smallrye.config.WithUnnamedKey;

/**
 * Knitting pools. The default pool's keys sit right under {@code knitting.}; a named pool repeats any of them under
 * {@code knitting."<name>".}, as datasources do.
 */
@ConfigMapping(prefix = "knitting")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface KnittingConfig {

    /** The name of the default pool in {@link #pools()} and in worker thread names. */
    String DEFAULT_POOL = PoolDefaults.NAME;

    /**
     * Pools by name.
     */
    @ConfigDocMapKey("pool-name")
    @ConfigDocSection
    @WithParentName
    @WithUnnamedKey(DEFAULT_POOL)
    @WithDefaults
    Map<String, PoolConfig> pools();

    /** One pool. */
    interface PoolConfig {

        /**
         * Worker lanes: a number from 1 to 4096, or {@code auto} (the processors the JVM sees under its container
         * limits, minus one, at least 1). Total lanes are threads plus one when the inliner is enabled.
         */
        @WithDefault("" + PoolDefaults.THREADS)
        @WithConverter(ThreadCountConverter.class)
        int threads();

        /** The inline lane: runs calls on the caller's thread or Vert.x context. */
        InlinerConfig inliner();

        /**
         * How calls pick a lane: {@code round-robin}, {@code robin-round} (alias), {@code first-idle},
         * {@code random-lane} or {@code first-idle-or-random}; the JavaScript spellings ({@code firstIdle}) are
         * accepted too. Bypassed when the pool has a single lane.
         */
        @WithDefault(PoolDefaults.BALANCER)
        Balancer balancer();

        /** Worker behaviour. */
        WorkerConfig worker();

        /** Payload limits (an admission guard: lanes share the heap and nothing is copied). */
        PayloadConfig payload();

        /** The most abortable calls in flight at once; the next fails with {@code AbortCapacityExceededException}. */
        @WithDefault("" + PoolDefaults.ABORT_SIGNAL_CAPACITY)
        int abortSignalCapacity();

        /** The host dispatcher, which moves calls from the overflow queue into lanes that have room. */
        HostConfig host();

        /**
         * Deprecated alias of {@code host}: each key set here logs a warning and applies when the {@code host} key is
         * not set.
         *
         * @deprecated use {@code host}
         */
        @Deprecated
        DispatcherConfig dispatcher();

        /**
         * {@code strict}: calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in classes that
         * declare {@code @Task} methods fail the task's call instead of stopping the JVM. {@code unsafe}: they exit as
         * written. Thread workers are not a sandbox: library code is not rewritten.
         */
        @WithDefault("strict")
        PermissionMode permission();

        /**
         * Arguments of a process worker's JVM. Accepted and validated for parity with the JavaScript library; thread
         * workers share the host JVM, so they have no effect (logged once at startup).
         */
        Optional<List<String>> workerExecArgv();

        /**
         * The worker entry point of a process worker. Accepted for parity with the JavaScript library; thread
         * workers share the host JVM, so it has no effect (logged once at startup).
         */
        Optional<String> source();

        /** Diagnostics. */
        DebugConfig debug();

        /**
         * Deprecated alias of {@code payload.payload-initial-bytes}, read when that key is not set (a warning is logged).
         *
         * @deprecated use {@code payload.payload-initial-bytes}
         */
        @Deprecated
        OptionalLong payloadInitialBytes();

        /**
         * Deprecated alias of {@code payload.payload-max-byte-length}, read when that key is not set (a warning is logged).
         *
         * @deprecated use {@code payload.payload-max-byte-length}
         */
        @Deprecated
        OptionalLong payloadMaxBytes();

        /**
         * Deprecated alias of {@code payload.mode}, read when that key is not set (a warning is logged).
         *
         * @deprecated use {@code payload.mode}
         */
        @Deprecated
        Optional<String> bufferMode();

        /**
         * Deprecated alias of {@code payload.max-payload-bytes}, read when that key is not set (a warning is logged).
         *
         * @deprecated use {@code payload.max-payload-bytes}
         */
        @Deprecated
        OptionalLong maxPayloadBytes();
    }

    /** The inline lane. */
    interface InlinerConfig {

        /** Adds the inline lane. */
        @WithDefault("" + PoolDefaults.INLINER_ENABLED)
        boolean enabled();

        /** Where the inline lane sits for the balancer: {@code first} or {@code last}. */
        @WithDefault(PoolDefaults.INLINER_POSITION)
        InlinerPosition position();

        /** Inline calls run per event-loop turn before the lane yields; at least 1. */
        @WithDefault("" + PoolDefaults.INLINER_BATCH_SIZE)
        int batchSize();

        /** A task's calls in flight from which the inline lane is eligible; at least 1. */
        @WithDefault("" + PoolDefaults.INLINER_DISPATCH_THRESHOLD)
        int dispatchThreshold();
    }

    /** Worker behaviour. */
    interface WorkerConfig {

        /** Shutdown lets every queued and running call finish before the workers stop. */
        @WithDefault("" + PoolDefaults.RESOLVE_AFTER_FINISHING_ALL)
        boolean resolveAfterFinishingAll();

        /** Idle behaviour of the workers. */
        TimersConfig timers();

        /**
         * The runaway guard, in milliseconds: a call running longer fails with {@code HardTimeoutException} and the
         * hard-timeout policy applies; a call still queued that long after the call fails the same way without the
         * policy. Unset: no hard timeout.
         */
        OptionalLong hardTimeoutMs();

        /**
         * What follows a hard timeout: {@code restart} (fresh workers, the pool keeps answering), {@code shutdown}
         * (the pool closes) or {@code replace-lane} (only the stuck lane gets a fresh worker).
         */
        @WithDefault(PoolDefaults.HARD_TIMEOUT_POLICY)
        HardTimeoutPolicy hardTimeoutPolicy();

        /** Limits of the workers. */
        ResourceLimitsConfig resourceLimits();
    }

    /** Idle behaviour of the workers. */
    interface TimersConfig {

        /** Busy-spin budget of an idle worker before it parks, in microseconds; default threads × 50. */
        OptionalLong spinMicroseconds();

        /** Longest park before an idle worker looks again, in milliseconds (a submit wakes it at once); default threads × 50. */
        OptionalLong parkMs();

        /** Pause between spin checks, in nanoseconds ({@code Thread.onSpinWait}); 0 disables it. */
        @WithDefault("" + PoolDefaults.PAUSE_NANOSECONDS)
        long pauseNanoseconds();
    }

    /** Limits of the workers. */
    interface ResourceLimitsConfig {

        /** Worker thread stack size in MiB; unset: the JVM default. */
        OptionalInt stackSizeMb();

        /**
         * Accepted and validated; not enforced for thread workers, which share the JVM heap (reported at startup).
         */
        OptionalInt maxOldGenerationSizeMb();

        /**
         * Accepted and validated; not enforced for thread workers, which share the JVM heap (reported at startup).
         */
        OptionalInt maxYoungGenerationSizeMb();

        /**
         * Accepted and validated; not enforced for thread workers, which share the JVM heap (reported at startup).
         */
        OptionalInt codeRangeSizeMb();
    }

    /** Payload limits. */
    interface PayloadConfig {

        /** {@code growable} or {@code fixed}; shapes validation as in the JavaScript library. */
        @WithDefault(PoolDefaults.PAYLOAD_MODE)
        PayloadMode mode();

        /**
         * Resolved as in the JavaScript library: in growable mode the smaller of this (4 MiB when unset) and
         * {@code payload-max-byte-length}; in fixed mode {@code payload-max-byte-length}, whatever is set here.
         */
        OptionalLong payloadInitialBytes();

        /** Its eighth is the ceiling of {@code max-payload-bytes}; at least 8. */
        @WithDefault("" + PoolDefaults.PAYLOAD_MAX_BYTE_LENGTH)
        long payloadMaxByteLength();

        /**
         * Most bytes of binary and text values in one call's arguments, and in its result; over it the call fails
         * with {@code PayloadTooLargeException} ({@code KNT_ERROR_3}). Default {@code payload-max-byte-length >> 3};
         * must be greater than 0 and at most that.
         */
        OptionalLong maxPayloadBytes();
    }

    /** The host dispatcher. */
    interface HostConfig {

        /** Loops while lanes are full before the host dispatcher backs off; at least 0. */
        @WithDefault("" + PoolDefaults.HOST_STALL_FREE_LOOPS)
        int stallFreeLoops();

        /** The host dispatcher's longest back-off, in milliseconds; at least 1. */
        @WithDefault("" + PoolDefaults.HOST_MAX_BACKOFF_MS)
        long maxBackoffMs();
    }

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

    /** Diagnostics. */
    interface DebugConfig {

        /** Extra warnings, e.g. a task called from a lane of its own pool (a deadlock risk when awaited there). */
        @WithDefault("" + PoolDefaults.DEBUG)
        boolean extras();

        /** Logs lane signals: worker start, hand-over, stop, shutdown. */
        @WithDefault("" + PoolDefaults.DEBUG)
        boolean logMain();

        /** Logs each task as it is registered (name, id, implementing class). */
        @WithDefault("" + PoolDefaults.DEBUG)
        boolean logHref();

        /** Logs each task as it is registered, as {@code log-href} does. */
        @WithDefault("" + PoolDefaults.DEBUG)
        boolean logImportedUrl();
    }

    /** {@code knitting.permission}. */
    enum PermissionMode {
        STRICT,
        UNSAFE
    }
}
