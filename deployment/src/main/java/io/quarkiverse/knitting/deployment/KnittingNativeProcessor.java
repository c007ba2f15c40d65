package io.quarkiverse.knitting.deployment;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.knitting.KnittingEngine;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;

/**
 * What a native image needs beyond the JVM build. Nothing here concerns threads: pools are created at runtime init
 * only, so no worker, host or watchdog thread (nor the queues and random state they hold) reaches the image heap.
 * The engine's JCTools atomic queues, VarHandles and Agrona {@code IdleStrategy} are initialised at build time
 * and need no registration; the one engine class initialised at run time is {@code SpinPermits}, which counts the
 * processors.
 * <p>
 * What the engine does reflectively at run time does need registration:
 * <ul>
 * <li>the payload guard reads record components ({@code Class.getRecordComponents()} and the accessors), which a
 * native image answers only for records whose accessors are registered;</li>
 * <li>with Fault Tolerance present, a task's {@code @Timeout} is looked up by name and read reflectively.</li>
 * </ul>
 */
class KnittingNativeProcessor {

    static final DotName OBJECT = DotName.createSimple(Object.class);
    static final DotName COLLECTION = DotName.createSimple(Collection.class);
    static final DotName MAP = DotName.createSimple(Map.class);
    static final String FAULT_TOLERANCE_OPERATIONS = "io.smallrye.faulttolerance.FaultToleranceOperationProvider";
    static final String THREAD_CONTEXT = "org.eclipse.microprofile.context.ThreadContext";
    static final String SPIN_PERMITS = "io.quarkiverse.knitting.engine.SpinPermits";

    /**
     * Registers the records the payload guard may meet in the arguments and results of {@code @Task} methods: the
     * declared records, the records among their components and type arguments, and records implementing a
     * declared interface. Records are resolved from the whole class path, so a record from a dependency without an
     * index counts too. A type that says nothing about what it holds ({@code Object}, an unbounded type variable or
     * wildcard, a raw collection or map) lets any record through, so then every record of the application index is
     * registered.
     */
    /**
     * The JVM-wide count of spin permits is the processors the JVM may use, read in a static initializer: a native
     * image must read them where it runs (a 2-core pod), not on the machine that built it.
     */
    @BuildStep
    RuntimeInitializedClassBuildItem countSpinPermitsAtRuntime() {
        return new RuntimeInitializedClassBuildItem(SPIN_PERMITS);
    }

    /** The API finds its engine with {@code ServiceLoader}; a native image keeps only registered providers. */
    @BuildStep
    ServiceProviderBuildItem registerEngine() {
        return ServiceProviderBuildItem.allProvidersFromClassPath(KnittingEngine.class.getName());
    }

    @BuildStep
    void registerPayloadRecords(List<TaskMethodBuildItem> tasks, CombinedIndexBuildItem combinedIndex,
            BuildProducer<ReflectiveClassBuildItem> reflective) {
        RecordTypes records = new RecordTypes(combinedIndex.getComputingIndex());
        for (TaskMethodBuildItem task : tasks) {
            for (Type type : task.method().parameterTypes()) {
                records.visit(type);
            }
            records.visit(task.method().returnType());
        }
        if (records.open) {
            for (ClassInfo known : combinedIndex.getIndex().getKnownClasses()) {
                if (known.isRecord()) {
                    records.found.add(known.name().toString());
                }
            }
        }
        if (!records.found.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(records.found.toArray(String[]::new))
                    .methods()
                    .reason("knitting: the payload guard reads record components of @Task arguments and results")
                    .build());
        }
    }

    /**
     * Tasks are registered at startup from what the build found: the runtime loads each bean class and declaring class
     * by name and looks the method up by its parameter types, which a native image answers only for registered
     * classes and methods.
     */
    @BuildStep
    void registerTaskLookups(List<TaskMethodBuildItem> tasks, BuildProducer<ReflectiveClassBuildItem> reflective) {
        Set<String> methodOwners = new TreeSet<>();
        Set<String> classes = new TreeSet<>();
        for (TaskMethodBuildItem task : tasks) {
            methodOwners.add(task.method().declaringClass().name().toString());
            classes.add(task.beanClass().toString());
            for (DotName bean : task.reachedThrough()) { // loaded at startup to compare their timeouts
                classes.add(bean.toString());
            }
            for (Type parameter : task.method().parameterTypes()) {
                if (parameter.kind() != Type.Kind.PRIMITIVE) {
                    classes.add(parameter.name().toString());
                }
            }
        }
        classes.removeAll(methodOwners);
        if (!methodOwners.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(methodOwners.toArray(String[]::new)).methods()
                    .reason("knitting: @Task methods are registered at startup by name").build());
        }
        if (!classes.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(classes.toArray(String[]::new))
                    .reason("knitting: the bean and parameter classes of @Task methods, loaded by name").build());
        }
    }

    /**
     * The optional integrations are looked up by class name before they are used ({@code FaultToleranceTimeout},
     * {@code ThreadContexts}); a native image answers that lookup only for registered classes.
     */
    @BuildStep
    void registerOptionalIntegrationLookups(Capabilities capabilities, BuildProducer<ReflectiveClassBuildItem> reflective) {
        if (capabilities.isPresent(Capability.SMALLRYE_FAULT_TOLERANCE)) {
            reflective.produce(ReflectiveClassBuildItem.builder(FAULT_TOLERANCE_OPERATIONS)
                    .reason("knitting: a @Task method's Fault Tolerance @Timeout bounds its dispatch")
                    .build());
        }
        if (QuarkusClassLoader.isClassPresentAtRuntime(THREAD_CONTEXT)) { // Context Propagation has no capability
            reflective.produce(ReflectiveClassBuildItem.builder(THREAD_CONTEXT)
                    .reason("knitting: callers off Vert.x hand their contexts over through Context Propagation")
                    .build());
        }
    }

    /** The records reachable from declared types, and whether some declared type is open to any record. */
    static final class RecordTypes {

        private final IndexView index;
        final Set<String> found = new TreeSet<>();
        private final Set<DotName> visited = new HashSet<>();
        boolean open;

        RecordTypes(IndexView index) {
            this.index = index;
        }

        void visit(Type type) {
            switch (type.kind()) {
                case CLASS -> visitClass(type.name(), true);
                case PARAMETERIZED_TYPE -> {
                    visitClass(type.name(), false);
                    for (Type argument : type.asParameterizedType().arguments()) {
                        visit(argument);
                    }
                }
                case ARRAY -> visit(type.asArrayType().elementType());
                case TYPE_VARIABLE -> {
                    List<Type> bounds = type.asTypeVariable().bounds();
                    if (bounds.isEmpty()) {
                        open = true;
                    } else {
                        bounds.forEach(this::visit);
                    }
                }
                case WILDCARD_TYPE -> visit(type.asWildcardType().extendsBound());
                case UNRESOLVED_TYPE_VARIABLE, TYPE_VARIABLE_REFERENCE -> open = true;
                default -> {
                    // primitives and void hold nothing
                }
            }
        }

        /** {@code raw}: the type came without type arguments, so a container says nothing about its elements. */
        private void visitClass(DotName name, boolean raw) {
            if (OBJECT.equals(name)) {
                open = true;
                return;
            }
            ClassInfo info = index.getClassByName(name);
            if (info == null) {
                return;
            }
            if (raw && !open && isContainer(info)) { // the hierarchy walk is moot once open
                open = true;
            }
            if (!visited.add(name)) {
                return;
            }
            if (info.isRecord()) {
                found.add(name.toString());
                for (RecordComponentInfo component : info.recordComponents()) {
                    visit(component.type());
                }
            } else if (info.isInterface()) {
                for (ClassInfo implementor : index.getAllKnownImplementors(name)) {
                    if (implementor.isRecord()) {
                        visitClass(implementor.name(), false);
                    }
                }
                for (DotName permitted : info.permittedSubclasses()) {
                    visitClass(permitted, false);
                }
            }
        }

        private boolean isContainer(ClassInfo info) {
            DotName name = info.name();
            if (COLLECTION.equals(name) || MAP.equals(name)) {
                return true;
            }
            for (DotName parent : info.interfaceNames()) {
                ClassInfo parentInfo = index.getClassByName(parent);
                if (COLLECTION.equals(parent) || MAP.equals(parent) || parentInfo != null && isContainer(parentInfo)) {
                    return true;
                }
            }
            DotName superName = info.superName();
            if (superName == null || OBJECT.equals(superName)) {
                return false;
            }
            ClassInfo superInfo = index.getClassByName(superName);
            return superInfo != null && isContainer(superInfo);
        }
    }
}
