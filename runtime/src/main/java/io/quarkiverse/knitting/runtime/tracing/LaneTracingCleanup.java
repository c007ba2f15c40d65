package io.quarkiverse.knitting.runtime.tracing;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Registered by the build when the application has Quarkus OpenTelemetry, whether or not {@code @Task} calls are
 * traced: every pool's lanes go back to no tracing context after each call they take from a queue, so that what a
 * {@code TaskRef} body or a continuation of an answer left current there (see {@link ThreadTracingContext}) reaches
 * no later body or log line. It costs a lane one read of the current context per call. Registered before
 * application startup observers and {@code @Startup} beans run, so their calls are covered too.
 */
@Singleton
public class LaneTracingCleanup {

    void cleanLanes(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup,
            PoolRegistry pools) {
        pools.whenStarted((name, pool) -> pool.afterEachLaneCall(ThreadTracingContext::clear));
    }
}
