package io.quarkiverse.knitting.deployment;

import io.quarkiverse.knitting.runtime.health.KnittingReadinessCheck;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

/** With Quarkus SmallRye Health, the readiness check {@code knitting} (see {@link KnittingReadinessCheck}). */
class HealthProcessor {

    @BuildStep
    void readinessCheck(Capabilities capabilities, BuildProducer<HealthBuildItem> checks) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            checks.produce(new HealthBuildItem(KnittingReadinessCheck.class.getName(), true));
        }
    }
}
