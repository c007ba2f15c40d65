package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.PoolDefaults;
import io.smallrye.config.WithDefault;

/** The inline lane. */
public interface InlinerConfig {

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
