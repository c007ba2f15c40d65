package io.quarkiverse.knitting;

import java.util.ServiceLoader;

/** Finds the {@link KnittingEngine} once, on first use. */
final class EngineLoader {

    static final KnittingEngine ENGINE = load();

    private EngineLoader() {
    }

    private static KnittingEngine load() {
        return ServiceLoader.load(KnittingEngine.class, KnittingEngine.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + KnittingEngine.class.getName()
                        + " service on the class path: is the quarkus-knitting runtime jar complete?"));
    }
}
