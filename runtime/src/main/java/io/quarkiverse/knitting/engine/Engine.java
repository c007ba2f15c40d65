package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.KnittingEngine;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolSettings;

/** The engine behind the API, registered in {@code META-INF/services}. */
public final class Engine implements KnittingEngine {

    @Override
    public KnittingPool start(PoolSettings settings) {
        return Pool.start(settings);
    }

    @Override
    public AbortSignal currentSignal() {
        return AbortSignals.current();
    }
}
