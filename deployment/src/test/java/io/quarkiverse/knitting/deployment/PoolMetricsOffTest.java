package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;

/** {@code quarkus.knitting.metrics-enabled=false}: Micrometer is there, the pools publish no meter. */
class PoolMetricsOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Registry.class))
            .overrideConfigKey("quarkus.knitting.metrics-enabled", "false");

    static class Registry {
        @Produces
        @Singleton
        SimpleMeterRegistry simple() {
            return new SimpleMeterRegistry();
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void noKnittingMeter() {
        assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("knitting."));
    }
}
