package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** {@code knitting.metrics.enabled=false}: the pool records nothing per task, and publishes only its gauges. */
class TaskMetricsOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, SimpleRegistryProducer.class))
            .overrideConfigKey("knitting.metrics.enabled", "false");

    static class Work {
        @Task
        Uni<String> ok(String s) {
            return Uni.createFrom().item(s);
        }
    }

    @Inject
    Work work;

    @Inject
    MeterRegistry registry;

    @Inject
    PoolRegistry pools;

    @Test
    void onlyThePoolGauges() {
        assertThat(work.ok("x").await().atMost(Duration.ofSeconds(10))).isEqualTo("x");
        assertThat(pools.started().get("default").settings().metrics().enabled()).isFalse();
        assertThat(registry.find("knitting.in.flight").tag("pool", "default").gauge()).isNotNull();
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                .doesNotContain("knitting.calls", "knitting.queue.wait", "knitting.run", "knitting.lane.idle.spin",
                        "knitting.lane.idle.park");
    }
}
