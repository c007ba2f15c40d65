package io.quarkiverse.knitting.deployment;

import jakarta.ws.rs.Priorities;

import io.quarkiverse.knitting.KnittingException;
import io.quarkiverse.knitting.runtime.KnittingBuildConfig;
import io.quarkiverse.knitting.runtime.rest.KnittingExceptionMapper;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.resteasy.reactive.spi.ExceptionMapperBuildItem;

/** With Quarkus REST, knitting's failures become HTTP answers (see {@link KnittingExceptionMapper}). */
class RestProcessor {

    /** Below the application's own mappers: a user mapper for {@link KnittingException} wins. */
    private static final int PRIORITY = Priorities.USER + 100;

    @BuildStep
    void exceptionMapper(Capabilities capabilities, KnittingBuildConfig config,
            BuildProducer<ExceptionMapperBuildItem> mappers) {
        if (capabilities.isPresent(Capability.REST) && config.restExceptionMappers()) {
            mappers.produce(new ExceptionMapperBuildItem(KnittingExceptionMapper.class.getName(),
                    KnittingException.class.getName(), PRIORITY, false));
        }
    }
}
