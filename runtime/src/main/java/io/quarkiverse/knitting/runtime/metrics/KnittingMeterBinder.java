package io.quarkiverse.knitting.runtime.metrics;

import java.util.Map;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Each pool's meters, registered by the build when the application has Quarkus Micrometer, bound at startup once
 * every pool named at build time or in configuration has started. Every meter reads the pool's own counters
 * ({@link PoolStats}) when the registry is scraped: the call path records nothing.
 */
@Singleton
public class KnittingMeterBinder {

    void bindTo(@Observes StartupEvent startup, MeterRegistry registry, PoolRegistry pools) {
        for (Map.Entry<String, Pool> entry : pools.started().entrySet()) {
            bind(registry, entry.getKey(), entry.getValue());
        }
    }

    private static void bind(MeterRegistry registry, String name, Pool pool) {
        Tags tags = Tags.of("pool", name);
        calls(registry, pool, tags, "completed", PoolStats::completed);
        calls(registry, pool, tags, "failed", PoolStats::failed);
        calls(registry, pool, tags, "cancelled", PoolStats::cancelled);
        calls(registry, pool, tags, "rejected", PoolStats::rejected);
        FunctionCounter.builder("knitting.stuck.calls", pool, Pool::stuckCalls)
                .description("Calls that ran longer than worker.stuck-warn-ms").tags(tags).register(registry);
        gauge(registry, pool, tags, "knitting.queued", "Calls accepted and not yet running", p -> p.queued());
        gauge(registry, pool, tags, "knitting.in.flight", "Calls accepted and not yet settled",
                p -> p.stats().inFlight());
        gauge(registry, pool, tags, "knitting.lanes", "Lanes, the inline lane included", p -> p.lanes());
        gauge(registry, pool, tags, "knitting.generation", "Times the workers were replaced after a hard timeout",
                p -> p.stats().generation());
        gauge(registry, pool, tags, "knitting.abandoned.threads",
                "Worker threads abandoned after a hard timeout and still alive", p -> p.stats().abandonedThreads());
    }

    private static void calls(MeterRegistry registry, Pool pool, Tags tags, String outcome,
            ToDoubleFunction<PoolStats> count) {
        FunctionCounter.builder("knitting.calls", pool, p -> count.applyAsDouble(p.stats()))
                .description("Calls settled, by outcome").tags(tags).tag("outcome", outcome).register(registry);
    }

    private static void gauge(MeterRegistry registry, Pool pool, Tags tags, String meter, String description,
            ToDoubleFunction<Pool> value) {
        Gauge.builder(meter, pool, value).description(description).tags(tags).strongReference(true)
                .register(registry);
    }
}
