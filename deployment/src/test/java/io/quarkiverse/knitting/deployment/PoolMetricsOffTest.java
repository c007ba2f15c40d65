package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.QuarkusUnitTest;

/** {@code quarkus.knitting.metrics-enabled=false}: Micrometer is there, the pools publish no meter. */
class PoolMetricsOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SimpleRegistryProducer.class))
            .overrideConfigKey("quarkus.knitting.metrics-enabled", "false");

    @Inject
    MeterRegistry registry;

    @Test
    void noKnittingMeter() {
        assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("knitting."));
    }
}
