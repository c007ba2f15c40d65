package io.quarkiverse.knitting.runtime;

import java.util.OptionalInt;
import java.util.OptionalLong;

import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.PoolDefaults;
import io.smallrye.config.WithDefault;

/** Worker behaviour. */
public interface WorkerConfig {

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
     * A call whose body runs longer than this logs one warning with the pool, the task, the lane, the time and the
     * lane thread's stack, and is counted. 0 turns it off; it must be below {@code hard-timeout-ms}. Default: half the
     * hard timeout when there is one, else 10000. Checked by the watchdog, so the warning comes within a quarter of
     * this after the limit. A lane whose thread is held this long in the continuations of an answer, with calls
     * waiting, is reported and handed to a fresh thread.
     */
    OptionalLong stuckWarnMs();

    /**
     * What follows a hard timeout: {@code restart} (fresh workers, the pool keeps answering), {@code shutdown}
     * (the pool closes) or {@code replace-lane} (only the stuck lane gets a fresh worker).
     */
    @WithDefault(PoolDefaults.HARD_TIMEOUT_POLICY)
    HardTimeoutPolicy hardTimeoutPolicy();

    /** Limits of the workers. */
    ResourceLimitsConfig resourceLimits();

    /** Idle behaviour of the workers. */
    interface TimersConfig {

        /**
         * Busy-spin budget of an idle worker before it parks, in microseconds; default threads × 50 up to 100 (the
         * JavaScript library's grows without a bound), and 0 when the threads outnumber the processors.
         */
        OptionalLong spinMicroseconds();

        /** Longest park before an idle worker looks again, in milliseconds (a submit wakes it at once); default threads × 50. */
        OptionalLong parkMs();

        /**
         * Busy-spin budget after a call whose answer goes to its caller's Vert.x context (an event loop, a request),
         * in microseconds; default the smaller of 2 and {@code spin-microseconds}. Such a caller does not wait on a
         * core for the answer, so a long spin would mostly hold a core the event loops need. A call that continues the
         * previous call's request (a chain of calls) is followed by the full spin.
         */
        OptionalLong handoffSpinMicroseconds();

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
}
