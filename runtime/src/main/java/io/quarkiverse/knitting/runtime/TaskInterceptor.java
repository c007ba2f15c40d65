package io.quarkiverse.knitting.runtime;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkiverse.knitting.Task;

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
    /** The bean this interceptor instance serves: Fault Tolerance's configuration is keyed by the bean class. */
    private final Class<?> beanClass;

    @Inject
    TaskInterceptor(TaskMethods methods, @Intercepted Bean<?> bean) {
        this.methods = methods;
        this.beanClass = bean.getBeanClass();
    }

    @AroundInvoke
    Object dispatch(InvocationContext context) {
        return methods.of(context, beanClass).dispatch(context);
    }

    /** The registered methods, shared by every interceptor instance so that each method registers once. */
    @jakarta.inject.Singleton
    public static class TaskMethods {

        private final PoolRegistry pools;
        private final Map<Method, TaskMethod> registered = new ConcurrentHashMap<>();

        @Inject
        TaskMethods(PoolRegistry pools) {
            this.pools = pools;
        }

        TaskMethod of(InvocationContext context, Class<?> beanClass) {
            TaskMethod method = registered.get(context.getMethod());
            if (method != null) {
                return method;
            }
            return registered.computeIfAbsent(context.getMethod(),
                    m -> TaskMethod.register(pools, beanClass, m, context.getInterceptorBinding(Task.class)));
        }
    }
}
