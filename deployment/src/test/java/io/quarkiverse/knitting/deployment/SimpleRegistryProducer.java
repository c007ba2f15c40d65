package io.quarkiverse.knitting.deployment;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A real Micrometer registry for the metrics tests: Quarkus Micrometer binds every meter to it. */
class SimpleRegistryProducer {

    @Produces
    @Singleton
    SimpleMeterRegistry simple() {
        return new SimpleMeterRegistry();
    }
}
