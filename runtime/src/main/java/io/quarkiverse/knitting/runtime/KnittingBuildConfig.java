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
     * With Quarkus Micrometer in the application: publish each pool's meters ({@code knitting.calls} by outcome,
     * {@code knitting.queued}, {@code knitting.in.flight}, {@code knitting.lanes}, {@code knitting.generation},
     * {@code knitting.abandoned.threads}, tagged {@code pool}). They are read from the pool's counters when the
     * registry is scraped, so calls pay nothing for them. {@code false} registers none.
     */
    @WithDefault("true")
    boolean metricsEnabled();
}
