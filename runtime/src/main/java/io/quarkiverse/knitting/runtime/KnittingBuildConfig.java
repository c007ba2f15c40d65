package io.quarkiverse.knitting.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The keys the build reads. They live under {@code quarkus.knitting}, apart from the runtime {@code knitting.*} tree:
 * a build-time root on {@code knitting} would make Quarkus accept any misspelt {@code knitting.*} key silently.
 */
@ConfigMapping(prefix = "quarkus.knitting")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface KnittingBuildConfig {

    /**
     * With Quarkus REST in the application: answer knitting's failures with HTTP statuses and a JSON body holding the
     * code ({@code {"code":"KNT_REJECTED","message":"..."}}): {@code TaskRejectedException},
     * {@code PoolClosedException} and {@code AbortCapacityExceededException} 503 with {@code Retry-After: 1};
     * {@code TaskTimeoutException} and {@code HardTimeoutException} 504; {@code PayloadTooLargeException} 413; any
     * other 500. An application mapper for the same exception type wins. {@code false} registers nothing.
     */
    @WithDefault("true")
    boolean restExceptionMappers();

    /**
     * With Quarkus Micrometer in the application: publish each pool's meters (per task {@code knitting.calls} by
     * outcome and the timers {@code knitting.queue.wait} and {@code knitting.run}; per lane its idle time spinning and
     * parked; per pool the gauges {@code knitting.queued}, {@code knitting.in.flight}, {@code knitting.lanes},
     * {@code knitting.generation}, {@code knitting.abandoned.threads} and the counter {@code knitting.stuck.calls}).
     * {@code false} registers none and pools record nothing; {@code knitting.metrics.enabled} switches the per-task
     * and per-lane recording off per pool at runtime.
     */
    @WithDefault("true")
    boolean metricsEnabled();

    /**
     * With Quarkus OpenTelemetry in the application: one span per {@code @Task} call, a child of the caller's span,
     * with the pool, task, lane, queue wait and outcome as attributes. {@code false} traces no call.
     */
    @WithDefault("true")
    boolean tracingEnabled();
}
