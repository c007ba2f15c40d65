package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.PoolDefaults;
import io.smallrye.config.WithDefault;

/** Diagnostics. */
public interface DebugConfig {

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
