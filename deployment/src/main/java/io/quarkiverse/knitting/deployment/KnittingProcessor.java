package io.quarkiverse.knitting.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationTransformation;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkiverse.knitting.runtime.TaskInterceptor;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.AnnotationsTransformerBuildItem;
import io.quarkus.arc.deployment.AutoAddScopeBuildItem;
import io.quarkus.arc.deployment.BeanArchiveIndexBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.TransformedAnnotationsBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.arc.processor.BuiltinScope;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;

/**
 * Finds the {@code @Task} methods, validates them, makes their classes beans and rewrites their exit calls;
 * {@link PoolProcessor} wires the pools. All runtime behaviour lives in the runtime module.
 */
class KnittingProcessor {

    static final String FEATURE = "knitting";

    static final DotName TASK = DotName.createSimple(Task.class);
    private static final DotName DECORATOR = DotName.createSimple("jakarta.decorator.Decorator");
    private static final DotName INTERCEPTOR = DotName.createSimple("jakarta.interceptor.Interceptor");
    private static final DotName KOTLIN_CONTINUATION = DotName.createSimple("kotlin.coroutines.Continuation");
    private static final Set<DotName> RETURN_TYPES = Set.of(
            DotName.createSimple("io.smallrye.mutiny.Uni"),
            DotName.createSimple("java.util.concurrent.CompletionStage"),
            DotName.createSimple("java.util.concurrent.CompletableFuture"));

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    AdditionalBeanBuildItem beans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(PoolRegistry.class, TaskInterceptor.class, TaskInterceptor.TaskMethods.class,
                        Task.class)
                .setUnremovable()
                .build();
    }

    /**
     * Binds the interceptor to {@code @Task}. The binding targets methods only (its pinned public shape), so the
     * interceptor class cannot carry it in source; the bean index can.
     */
    @BuildStep
    AnnotationsTransformerBuildItem bindInterceptor() {
        DotName interceptor = DotName.createSimple(TaskInterceptor.class);
        return new AnnotationsTransformerBuildItem(AnnotationTransformation.forClasses()
                .when(context -> context.declaration().asClass().name().equals(interceptor))
                .transform(context -> context.add(Task.class)));
    }

    /**
     * A concrete class that declares {@code @Task} methods becomes a {@code @Singleton} bean when it is not one
     * already; decorators and interceptors are left alone (their methods are not intercepted, which the validation
     * reports).
     */
    @BuildStep
    AutoAddScopeBuildItem taskClassesAreBeans() {
        return AutoAddScopeBuildItem.builder()
                .containsAnnotations(TASK)
                .and((clazz, annotations, index) -> !clazz.isInterface() && !Modifier.isAbstract(clazz.flags())
                        && !clazz.hasDeclaredAnnotation(DECORATOR) && !clazz.hasDeclaredAnnotation(INTERCEPTOR))
                .defaultScope(BuiltinScope.SINGLETON)
                .unremovable()
                .reason("Found @Task methods")
                .build();
    }

    /**
     * The {@code @Task} methods of the class beans, as their interceptors will see them, and the ones no interceptor
     * will see. Both are read as bean discovery finishes: unused beans are removed later, and their methods count too.
     */
    @BuildStep
    void findTasks(BeanDiscoveryFinishedBuildItem beanDiscovery, TransformedAnnotationsBuildItem annotations,
            BeanArchiveIndexBuildItem beanArchive, BuildProducer<TaskMethodBuildItem> tasks,
            BuildProducer<UninterceptedTasksBuildItem> uninterceptedTasks) {
        List<BeanInfo> classBeans = beanDiscovery.beanStream().classBeans().collect();
        TaskDiscovery discovery = new TaskDiscovery(beanArchive.getIndex(), annotations);
        List<TaskMethodBuildItem> found = discovery.tasksOf(classBeans);
        found.forEach(tasks::produce);
        List<String> problems = new ArrayList<>();
        discovery.notIntercepted(found, classBeans).forEach((method, reason) -> problems.add(method + " " + reason));
        discovery.overriddenWithoutTask(classBeans).forEach((method, reason) -> problems.add(method + " " + reason));
        TaskDiscovery.producedWithoutInterception(found, beanDiscovery.beanStream().producers().collect())
                .forEach((producer, reason) -> problems.add(producer + " " + reason));
        uninterceptedTasks.produce(new UninterceptedTasksBuildItem(problems));
    }

    /**
     * Every problem of every {@code @Task} method, in one error, each naming the method and what is allowed: methods
     * that are not intercepted (they would run on their caller), and intercepted ones that cannot be tasks.
     */
    @BuildStep
    void validateTasks(List<TaskMethodBuildItem> tasks, UninterceptedTasksBuildItem uninterceptedTasks,
            ValidationPhaseBuildItem validationPhase, BuildProducer<ValidationErrorBuildItem> errors) {
        List<String> problems = new ArrayList<>(uninterceptedTasks.problems());
        Map<String, Integer> perPool = new HashMap<>();
        for (TaskMethodBuildItem task : tasks) {
            MethodInfo method = task.method();
            if (isKotlinSuspend(method)) {
                problems.add(task.describe() + " is a Kotlin suspend function: suspend functions are not supported "
                        + "as @Task methods; declare a plain fun that returns Uni<T>, CompletionStage<T> or "
                        + "CompletableFuture<T>");
            } else if (!RETURN_TYPES.contains(method.returnType().name())) {
                problems.add(task.describe() + " returns " + method.returnType()
                        + ": a @Task method must return Uni, CompletionStage or CompletableFuture");
            }
            if (Modifier.isPrivate(method.flags())) {
                problems.add(task.describe() + " is private: a @Task method must be intercepted, so it must not "
                        + "be private");
            }
            if (Modifier.isStatic(method.flags())) {
                problems.add(task.describe() + " is static: a @Task method must be an instance method of a bean");
            }
            AnnotationValue queueTimeoutMs = task.binding().value("queueTimeoutMs");
            if (queueTimeoutMs != null && queueTimeoutMs.asLong() == 0) {
                problems.add(task.describe() + " has @Task(queueTimeoutMs = 0): allowed are a positive number of "
                        + "milliseconds, or a negative one (the default) for the pool's queue-timeout-ms");
            }
            perPool.merge(task.pool(), 1, Integer::sum);
        }
        problems.addAll(poolLimitProblems(perPool));
        if (!problems.isEmpty()) {
            List<Throwable> each = new ArrayList<>();
            for (String problem : problems) {
                each.add(new DefinitionException(problem));
            }
            errors.produce(new ValidationErrorBuildItem(each));
        }
    }

    /** A suspend fun compiles to a method whose last parameter is the coroutine's continuation. */
    private static boolean isKotlinSuspend(MethodInfo method) {
        int count = method.parametersCount();
        return count > 0 && method.parameterType(count - 1).name().equals(KOTLIN_CONTINUATION);
    }

    /** One problem per pool with more {@code @Task} methods than its 16-bit task ids can number. */
    static List<String> poolLimitProblems(Map<String, Integer> tasksPerPool) {
        List<String> problems = new ArrayList<>();
        tasksPerPool.forEach((pool, count) -> {
            if (count > KnittingPool.MAX_TASKS) {
                problems.add("Pool '" + pool + "' has " + count + " @Task methods: a pool holds at most "
                        + KnittingPool.MAX_TASKS + " (its task ids are 16-bit)");
            }
        });
        return problems;
    }

    /** {@code System.exit} and friends in classes with {@code @Task} methods go through the permission guard. */
    @BuildStep
    void guardExitCalls(List<TaskMethodBuildItem> tasks, BuildProducer<BytecodeTransformerBuildItem> transformers) {
        Set<String> classes = new TreeSet<>();
        for (TaskMethodBuildItem task : tasks) {
            classes.add(task.method().declaringClass().name().toString());
        }
        for (String className : classes) {
            transformers.produce(new BytecodeTransformerBuildItem(className,
                    (name, next) -> new ExitCallRewriter(next)));
        }
    }

}
