package io.quarkiverse.knitting.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.quarkiverse.knitting.Balancer;
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
     * How long the application's stop waits, in all, for every pool to stop (the pools stop in parallel): queued calls
     * to be failed or run, running calls to end. Past it the stop logs which pools are left and leaves their threads
     * behind. With Quarkus graceful shutdown ({@code quarkus.shutdown.timeout}) the pools first keep serving until
     * their calls in flight have ended or that timeout has passed, while the application's callers drain.
     */
    @WithDefault("30s")
    Duration shutdownTimeout();

    /**
     * Per-method overrides of {@code @Task} members, so that operators can tune without recompiling:
     * {@code knitting.task."com.acme.Hasher#sha256".timeout-ms=500}. The key is {@code <class>#<method>} (every
     * overload) or {@code <class>#<method>(<parameter types>)} (one overload: types in full, comma-separated, spaces
     * optional), where the class is the one that declares the {@code @Task} method; one overload's key wins over the
     * every-overload key. A key that names no {@code @Task} method fails the startup.
     */
    @ConfigDocMapKey("class#method")
    @ConfigDocSection
    Map<String, TaskOverrideConfig> task();

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
         * accepted too. Bypassed when the pool has a single lane. Unset: {@code round-robin}, with work stealing
         * ({@code host.steal}) on; setting a balancer turns stealing off unless {@code host.steal} says otherwise.
         */
        Optional<Balancer> balancer();

        /** Worker behaviour. */
        WorkerConfig worker();

        /** Payload limits (an admission guard: lanes share the heap and nothing is copied). */
        PayloadConfig payload();

        /** The most abortable calls in flight at once; the next fails with {@code AbortCapacityExceededException}. */
        @WithDefault("" + PoolDefaults.ABORT_SIGNAL_CAPACITY)
        int abortSignalCapacity();

        /**
         * The most calls accepted and not yet running, in every lane queue and the overflow together. A call over it
         * fails at once with {@code TaskRejectedException} (code {@code KNT_REJECTED}) and never runs.
         */
        @WithDefault("" + PoolDefaults.MAX_QUEUED)
        int maxQueued();

        /**
         * How long a call may wait in a queue before it starts; past it the call fails with
         * {@code TaskRejectedException} and never runs. Unset: as long as it takes. Independent of a task's timeout
         * (which counts from the call and covers running) and of {@code worker.hard-timeout-ms}.
         */
        OptionalLong queueTimeoutMs();

        /** The host dispatcher, which moves calls from the overflow queue into lanes that have room. */
        HostConfig host();

        /**
         * Deprecated alias of {@code host}: each key set here logs a warning and applies when the {@code host} key is
         * not set.
         *
         * @deprecated use {@code host}
         */
        @Deprecated
        HostConfig.DispatcherConfig dispatcher();

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

        /** The pool's part of the readiness check {@code knitting}, with Quarkus SmallRye Health. */
        HealthConfig health();

        /** The pool's meters, with Quarkus Micrometer. */
        MetricsConfig metrics();

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

    /** {@code knitting.permission}. */
    enum PermissionMode {
        STRICT,
        UNSAFE
    }
}
