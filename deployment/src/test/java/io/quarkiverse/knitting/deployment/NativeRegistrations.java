package io.quarkiverse.knitting.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.quarkiverse.knitting.KnittingEngine;
import io.quarkus.builder.BuildChainBuilder;
import io.quarkus.deployment.builditem.GeneratedResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;

/**
 * Lets a JVM test see the native registrations the extension makes: a build step collects the classes of the
 * extension's {@link ReflectiveClassBuildItem}s (their reason starts with {@code knitting:}) and its service providers
 * into generated resources that the test reads back.
 */
final class NativeRegistrations {

    private static final String RESOURCE = "knitting-test-reflective-classes.txt";
    private static final String ENGINE_PROVIDERS = "knitting-test-engine-providers.txt";
    private static final String RUNTIME_INITIALIZED = "knitting-test-runtime-initialized.txt";

    private NativeRegistrations() {
    }

    static Consumer<BuildChainBuilder> collector() {
        return chain -> chain.addBuildStep(context -> {
            Set<String> names = new TreeSet<>();
            for (ReflectiveClassBuildItem item : context.consumeMulti(ReflectiveClassBuildItem.class)) {
                if (item.getReason() != null && item.getReason().startsWith("knitting:")) {
                    names.addAll(item.getClassNames());
                }
            }
            context.produce(new GeneratedResourceBuildItem(RESOURCE,
                    String.join("\n", names).getBytes(StandardCharsets.UTF_8)));
            Set<String> providers = new TreeSet<>();
            for (ServiceProviderBuildItem item : context.consumeMulti(ServiceProviderBuildItem.class)) {
                if (item.serviceDescriptorFile().endsWith("/" + KnittingEngine.class.getName())) {
                    providers.addAll(item.providers());
                }
            }
            context.produce(new GeneratedResourceBuildItem(ENGINE_PROVIDERS,
                    String.join("\n", providers).getBytes(StandardCharsets.UTF_8)));
            Set<String> atRuntime = new TreeSet<>();
            for (RuntimeInitializedClassBuildItem item : context.consumeMulti(RuntimeInitializedClassBuildItem.class)) {
                if (item.getClassName().startsWith("io.quarkiverse.knitting.")) {
                    atRuntime.add(item.getClassName());
                }
            }
            context.produce(new GeneratedResourceBuildItem(RUNTIME_INITIALIZED,
                    String.join("\n", atRuntime).getBytes(StandardCharsets.UTF_8)));
        }).consumes(ReflectiveClassBuildItem.class).consumes(ServiceProviderBuildItem.class)
                .consumes(RuntimeInitializedClassBuildItem.class)
                .produces(GeneratedResourceBuildItem.class).build();
    }

    /** The classes the extension registers for reflection. */
    static List<String> reflectiveClasses() {
        return lines(RESOURCE);
    }

    /** The extension's classes a native image initialises at run time instead of build time. */
    static List<String> runtimeInitialized() {
        return lines(RUNTIME_INITIALIZED);
    }

    /** The implementations of {@link KnittingEngine} the native image keeps as service providers. */
    static List<String> engineProviders() {
        return lines(ENGINE_PROVIDERS);
    }

    private static List<String> lines(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " was not generated");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
