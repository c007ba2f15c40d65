package io.quarkiverse.knitting.deployment;

import io.quarkiverse.knitting.runtime.KnittingBuildConfig;
import io.quarkiverse.knitting.runtime.metrics.KnittingMeterBinder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;

/** With Quarkus Micrometer, each pool's meters (see {@link KnittingMeterBinder}). */
class MetricsProcessor {

    @BuildStep
    void meterBinder(Capabilities capabilities, KnittingBuildConfig config,
            BuildProducer<AdditionalBeanBuildItem> beans, BuildProducer<MeteredPoolsBuildItem> metered) {
        // the metrics capability is Micrometer's (or the retired SmallRye Metrics', which has no MeterRegistry)
        if (capabilities.isPresent(Capability.METRICS) && config.metricsEnabled()
                && QuarkusClassLoader.isClassPresentAtRuntime("io.micrometer.core.instrument.MeterRegistry")) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(KnittingMeterBinder.class));
            metered.produce(new MeteredPoolsBuildItem());
        }
    }
}
