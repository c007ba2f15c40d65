package io.quarkiverse.knitting.deployment;

import io.quarkus.builder.item.SimpleBuildItem;

/** Present when the application publishes the pools' meters: pools then record per-task metrics at runtime. */
public final class MeteredPoolsBuildItem extends SimpleBuildItem {
}
