package io.quarkiverse.knitting.deployment;

import io.quarkiverse.knitting.runtime.KnittingBuildConfig;
import io.quarkiverse.knitting.runtime.tracing.LaneTracingCleanup;
import io.quarkiverse.knitting.runtime.tracing.OpenTelemetryCallTracer;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;

/**
 * With Quarkus OpenTelemetry, a span per {@code @Task} call (see {@link OpenTelemetryCallTracer}), and lanes that go
 * back to no tracing context after each call (see {@link LaneTracingCleanup}).
 */
class TracingProcessor {

    @BuildStep
    void callTracer(Capabilities capabilities, KnittingBuildConfig config,
            BuildProducer<AdditionalBeanBuildItem> beans) {
        if (!capabilities.isPresent(Capability.OPENTELEMETRY_TRACER)) {
            return;
        }
        beans.produce(AdditionalBeanBuildItem.unremovableOf(LaneTracingCleanup.class)); // traced calls or not
        if (config.tracingEnabled()) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(OpenTelemetryCallTracer.class));
        }
    }
}
