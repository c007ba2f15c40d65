package io.quarkiverse.knitting.runtime.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkiverse.knitting.engine.PoolObserver;
import io.quarkiverse.knitting.engine.TaskMeter;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Each pool's meters, registered by the build when the application has Quarkus Micrometer, bound at startup for every
 * pool started so far and then for each pool and task as it appears. Every meter reads counters the engine keeps
 * anyway, or that a metered pool keeps per task ({@link TaskMeter}), when the registry is scraped: nothing on the
 * call path waits for Micrometer.
 */
@Singleton
public class KnittingMeterBinder {

    void bindTo(@Observes StartupEvent startup, MeterRegistry registry, PoolRegistry pools) {
        pools.whenStarted((name, pool) -> bind(registry, name, pool));
    }

    private static void bind(MeterRegistry registry, String name, Pool pool) {
        Tags tags = Tags.of("pool", name);
        gauge(registry, pool, tags, "knitting.queued", "Calls accepted and not yet running", p -> p.queued());
        gauge(registry, pool, tags, "knitting.in.flight", "Calls accepted and not yet settled",
                p -> p.stats().inFlight());
        gauge(registry, pool, tags, "knitting.lanes", "Lanes, the inline lane included", p -> p.lanes());
        gauge(registry, pool, tags, "knitting.generation",
                "Times the workers were replaced after a hard timeout or a held lane's hand-over",
                p -> p.stats().generation());
        gauge(registry, pool, tags, "knitting.abandoned.threads",
                "Worker threads abandoned after a hard timeout or a hand-over and still alive",
                p -> p.stats().abandonedThreads());
        FunctionCounter.builder("knitting.stuck.calls", pool, Pool::stuckCalls)
                .description("Calls that ran longer than worker.stuck-warn-ms, and lanes held that long with calls "
                        + "waiting").tags(tags).register(registry);
        if (!pool.settings().metrics().enabled()) {
            return; // metrics.enabled=false: the pool keeps no per-task meters
        }
        for (int lane = 0; lane < pool.workerLanes(); lane++) {
            int index = lane;
            Tags laneTags = tags.and("lane", Integer.toString(lane));
            FunctionCounter.builder("knitting.lane.idle.spin", pool, p -> p.laneIdleSpinNanos(index) / 1e9)
                    .description("Time the lane's worker spent spinning while it waited for work")
                    .baseUnit("seconds").tags(laneTags).register(registry);
            FunctionCounter.builder("knitting.lane.idle.park", pool, p -> p.laneIdleParkNanos(index) / 1e9)
                    .description("Time the lane's worker spent parked while it waited for work")
                    .baseUnit("seconds").tags(laneTags).register(registry);
        }
        pool.observe(new PoolObserver() {
            @Override
            public void taskRegistered(String task, TaskMeter meter) {
                if (meter != null) {
                    bind(registry, tags.and("task", task), meter);
                }
            }

            @Override
            public String toString() {
                return "Micrometer meters of pool '" + name + "'";
            }
        });
    }

    private static void bind(MeterRegistry registry, Tags tags, TaskMeter meter) {
        for (TaskMeter.Outcome outcome : TaskMeter.Outcome.values()) {
            FunctionCounter.builder("knitting.calls", meter, m -> m.count(outcome))
                    .description("Calls settled, by outcome").tags(tags).tag("outcome", outcome.tag())
                    .register(registry);
        }
        FunctionTimer.builder("knitting.queue.wait", meter, TaskMeter::started, TaskMeter::queueWaitNanos,
                TimeUnit.NANOSECONDS).description("Time calls waited between dispatch and the start of their body")
                .tags(tags).register(registry);
        FunctionTimer.builder("knitting.run", meter, TaskMeter::ran, TaskMeter::runNanos, TimeUnit.NANOSECONDS)
                .description("Time bodies ran on their lane").tags(tags).register(registry);
    }

    private static void gauge(MeterRegistry registry, Pool pool, Tags tags, String meter, String description,
            ToDoubleFunction<Pool> value) {
        Gauge.builder(meter, pool, value).description(description).tags(tags).strongReference(true)
                .register(registry);
    }
}
