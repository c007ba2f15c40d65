package io.quarkiverse.knitting.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.runtime.KnittingConfig;
import io.quarkiverse.knitting.runtime.PoolDrain;
import io.quarkiverse.knitting.runtime.PoolRegistryRecorder;
import io.quarkiverse.knitting.runtime.TaskDefinition;
import io.quarkus.arc.deployment.BeanArchiveIndexBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.deployment.builditem.ShutdownListenerBuildItem;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.common.annotation.Identifier;

/**
 * Wires the pools: which exist (named by tasks, injection points or configuration), their beans, their start with the
 * registration of every task, and their part in the application's shutdown.
 */
class PoolProcessor {

    static final DotName KNITTING_POOL = DotName.createSimple(KnittingPool.class);
    static final DotName IDENTIFIER = DotName.createSimple(Identifier.class);

    /** A bean for every pool {@link #poolNames} knows, qualified {@code @Identifier("<name>")}. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void poolBeans(PoolRegistryRecorder recorder, List<TaskMethodBuildItem> tasks,
            BeanArchiveIndexBuildItem beanArchive, BuildProducer<SyntheticBeanBuildItem> beans) {
        for (String name : poolNames(tasks, injectedPoolNames(beanArchive.getIndex()))) {
            SyntheticBeanBuildItem.ExtendedBeanConfigurator bean = SyntheticBeanBuildItem
                    .configure(KnittingPool.class)
                    .scope(Singleton.class)
                    .addQualifier().annotation(IDENTIFIER).addValue("value", name).done()
                    .supplier(recorder.pool(name))
                    .setRuntimeInit()
                    .unremovable();
            if (KnittingConfig.DEFAULT_POOL.equals(name)) {
                bean.addQualifier().annotation(DotName.createSimple("jakarta.enterprise.inject.Default"))
                        .done();
            }
            beans.produce(bean.done());
        }
    }

    /** Starts the pools, then registers every task in its pool: no task is registered on its first call. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    ServiceStartBuildItem startPools(PoolRegistryRecorder recorder, List<TaskMethodBuildItem> tasks,
            BeanArchiveIndexBuildItem beanArchive, ShutdownContextBuildItem shutdown,
            BeanContainerBuildItem beanContainer, Optional<MeteredPoolsBuildItem> metered,
            LaunchModeBuildItem launchMode) {
        // in dev mode the pools also record what the Dev UI shows (how long each lane's call has been running)
        boolean dev = launchMode.getLaunchMode() == LaunchMode.DEVELOPMENT;
        Set<String> injected = injectedPoolNames(beanArchive.getIndex());
        recorder.start(poolNames(tasks, injected), metered.isPresent() || dev, dev, shutdown);
        List<TaskDefinition> definitions = new ArrayList<>();
        for (TaskMethodBuildItem task : tasks) {
            definitions.add(definition(task));
        }
        recorder.registerTasks(definitions, injected);
        return new ServiceStartBuildItem(KnittingProcessor.FEATURE);
    }

    private static TaskDefinition definition(TaskMethodBuildItem task) {
        MethodInfo method = task.method();
        TaskDefinition definition = new TaskDefinition();
        definition.setBeanClass(task.beanClass().toString());
        List<String> reachedThrough = new ArrayList<>();
        for (DotName bean : task.reachedThrough()) {
            reachedThrough.add(bean.toString());
        }
        definition.setReachedThrough(reachedThrough);
        definition.setDeclaringClass(method.declaringClass().name().toString());
        definition.setMethodName(method.name());
        List<String> parameterTypes = new ArrayList<>();
        for (Type parameter : method.parameterTypes()) {
            parameterTypes.add(parameter.name().toString());
        }
        definition.setParameterTypes(parameterTypes);
        definition.setPool(task.pool());
        AnnotationInstance binding = task.binding();
        AnnotationValue timeoutMs = binding.value("timeoutMs");
        definition.setTimeoutMs(timeoutMs == null ? -1 : timeoutMs.asLong());
        AnnotationValue onTimeout = binding.value("onTimeout");
        definition.setOnTimeout(onTimeout == null ? OnTimeout.FAIL : OnTimeout.valueOf(onTimeout.asEnum()));
        AnnotationValue abortable = binding.value("abortable");
        definition.setAbortable(abortable != null && abortable.asBoolean());
        AnnotationValue queueTimeoutMs = binding.value("queueTimeoutMs");
        definition.setQueueTimeoutMs(queueTimeoutMs == null ? -1 : queueTimeoutMs.asLong());
        AnnotationValue maxConcurrency = binding.value("maxConcurrency");
        definition.setMaxConcurrency(maxConcurrency == null ? -1 : maxConcurrency.asInt());
        return definition;
    }

    /** Under Quarkus graceful shutdown, the pools keep serving until their calls in flight have ended. */
    @BuildStep
    ShutdownListenerBuildItem drainPools() {
        return new ShutdownListenerBuildItem(new PoolDrain());
    }

    /**
     * The default pool, every pool named by a task or an {@code @Identifier} injection point, and every pool that has
     * configuration the build can see ({@code knitting."<name>".*} in application.properties, system properties, ...).
     */
    static Set<String> poolNames(List<TaskMethodBuildItem> tasks, Set<String> injected) {
        Set<String> names = new TreeSet<>();
        names.add(KnittingConfig.DEFAULT_POOL);
        names.addAll(configuredPoolNames(ConfigProvider.getConfig().getPropertyNames()));
        for (TaskMethodBuildItem task : tasks) {
            names.add(task.pool());
        }
        names.addAll(injected);
        return names;
    }

    /** The pools injected by name: {@code @Identifier("<name>") KnittingPool} fields and parameters. */
    static Set<String> injectedPoolNames(IndexView index) {
        Set<String> names = new TreeSet<>();
        for (AnnotationInstance identifier : index.getAnnotations(IDENTIFIER)) {
            if (injectsAPool(identifier)) {
                names.add(identifier.value().asString());
            }
        }
        return names;
    }

    /** The {@code <name>} of every {@code knitting."<name>".<key>} property. */
    static Set<String> configuredPoolNames(Iterable<String> propertyNames) {
        Set<String> names = new TreeSet<>();
        String prefix = "knitting.\"";
        for (String property : propertyNames) {
            if (property.startsWith(prefix)) {
                int end = property.indexOf("\".", prefix.length());
                if (end > prefix.length()) {
                    names.add(property.substring(prefix.length(), end));
                }
            }
        }
        return names;
    }

    private static boolean injectsAPool(AnnotationInstance identifier) {
        AnnotationTarget target = identifier.target();
        return switch (target.kind()) {
            case FIELD -> target.asField().type().name().equals(KNITTING_POOL);
            case METHOD_PARAMETER -> target.asMethodParameter().type().name().equals(KNITTING_POOL);
            default -> false;
        };
    }
}
