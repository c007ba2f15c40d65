package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.PoolDefaults;
import io.smallrye.config.WithDefault;

/** {@code metrics.*}: what the pool records for Micrometer, when the application has it. */
public interface MetricsConfig {

    /**
     * Per-task meters ({@code knitting.calls} by task and outcome, the timers {@code knitting.queue.wait} and
     * {@code knitting.run}) and each lane's idle time spinning and parked. Every call costs one uncontended counter
     * increment; timed calls ({@code metrics.timer-sampling}) cost three clock reads more. {@code false} keeps only
     * the pool gauges, which cost nothing on the call path. Without Quarkus Micrometer nothing is recorded either
     * way.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * One call in this many, chosen at random by its caller, is timed for {@code knitting.queue.wait} and
     * {@code knitting.run}: a timed call costs three clock reads (about 75 ns on the machine the guide measured), an
     * untimed one none. {@code 1} times every call. The timers' counts are the timed calls; {@code knitting.calls}
     * counts every call. From 1 to 1048576.
     */
    @WithDefault("" + PoolDefaults.TIMER_SAMPLING)
    int timerSampling();
}
