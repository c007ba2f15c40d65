package io.quarkiverse.knitting.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkus.arc.Arc;

/**
 * Turns a call of a {@code @Task} method into a dispatch to its pool. It runs inside SmallRye Fault Tolerance
 * (priority 4010), so {@code @Retry} re-enters it for each attempt; a Fault Tolerance {@code @Timeout} also bounds
 * the dispatch (see {@link FaultToleranceTimeout}).
 * <p>
 * Its {@code @Task} binding is added to the class in the bean index at build time: {@code @Task} targets methods
 * only, so it cannot be written here.
 */
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class TaskInterceptor {

    private final TaskMethods methods;

    @Inject
    TaskInterceptor(TaskMethods methods) {
        this.methods = methods;
    }

    @AroundInvoke
    Object dispatch(InvocationContext context) {
        return methods.of(context).dispatch(context);
    }

    /** Every task, registered at startup from what the build found; shared by every interceptor instance. */
    @jakarta.inject.Singleton
    public static class TaskMethods {

        private final PoolRegistry pools;
        /** The application's call tracer (with Quarkus OpenTelemetry), or null. */
        private final CallTracer tracer;
        private final Map<Method, TaskMethod> registered = new ConcurrentHashMap<>();

        @Inject
        TaskMethods(PoolRegistry pools, Instance<CallTracer> tracers) {
            this.pools = pools;
            this.tracer = tracers.isResolvable() ? tracers.get() : null;
        }

        /** Registers every task in its pool; at startup, before any call. A failure here fails the startup. */
        void registerAll(List<TaskDefinition> definitions, Set<String> injectedPools) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Object threadContext = ThreadContexts.lookup();
            TaskOverrides overrides = new TaskOverrides(pools.taskOverrides());
            Map<String, String> firstTaskOfPool = new TreeMap<>();
            Set<Class<?>> kept = keptBeanClasses();
            List<String> disagreements = new ArrayList<>();
            for (TaskDefinition definition : definitions) {
                Method method = TaskMethod.resolve(definition, loader);
                List<Class<?>> beans = TaskMethod.beansReaching(definition, loader, kept);
                String disagreement = FaultToleranceTimeout.disagreement(method, beans);
                if (disagreement != null) {
                    disagreements.add(disagreement);
                    continue;
                }
                TaskMethod task = TaskMethod.register(pools, overrides, definition, method, beans, loader,
                        threadContext, tracer);
                registered.put(method, task);
                firstTaskOfPool.putIfAbsent(task.poolName(), TaskMethod.name(method));
            }
            if (!disagreements.isEmpty()) {
                throw new IllegalStateException(String.join("\n", disagreements));
            }
            overrides.check();
            pools.reportLikelyMisspelledPools(firstTaskOfPool, injectedPools);
        }

        /** The class of every bean the application kept (every bean has {@code Object} among its types). */
        private static Set<Class<?>> keptBeanClasses() {
            Set<Class<?>> kept = new HashSet<>();
            for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
                kept.add(bean.getBeanClass());
            }
            return kept;
        }

        TaskMethod of(InvocationContext context) {
            TaskMethod method = registered.get(context.getMethod());
            if (method == null) {
                throw new IllegalStateException("No task was registered at startup for " + context.getMethod()
                        + ": the build did not find it as a @Task method of a bean");
            }
            return method;
        }
    }
}
