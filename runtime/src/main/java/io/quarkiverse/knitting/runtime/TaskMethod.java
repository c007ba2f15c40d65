package io.quarkiverse.knitting.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.interceptor.InvocationContext;

import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/** A {@code @Task} method as registered in its pool, and how one call of it is dispatched. */
final class TaskMethod {

    private final TaskRef<Invocation, Object> ref;
    private final boolean returnsUni;
    /** Indexes of {@code Uni} / {@code CompletionStage} parameters, resolved on the caller's side before dispatch. */
    private final int[] asyncParameters;

    private TaskMethod(TaskRef<Invocation, Object> ref, boolean returnsUni, int[] asyncParameters) {
        this.ref = ref;
        this.returnsUni = returnsUni;
        this.asyncParameters = asyncParameters;
    }

    static TaskMethod register(PoolRegistry pools, Class<?> beanClass, Method method, Task binding) {
        String pool = binding.pool().isEmpty() ? KnittingConfig.DEFAULT_POOL : binding.pool();
        TaskOptions options = new TaskOptions(binding.timeoutMs(), binding.onTimeout(), binding.abortable(),
                FaultToleranceTimeout.of(beanClass, method));
        TaskRef<Invocation, Object> ref = pools.pool(pool).register(name(method), options, Invocation::proceed);
        List<Integer> async = new ArrayList<>();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (Uni.class.isAssignableFrom(types[i]) || CompletionStage.class.isAssignableFrom(types[i])) {
                async.add(i);
            }
        }
        return new TaskMethod(ref, Uni.class.isAssignableFrom(method.getReturnType()),
                async.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code com.acme.Hasher#sha256(byte[])}: how the method appears in messages and task listings. */
    static String name(Method method) {
        StringBuilder name = new StringBuilder(method.getDeclaringClass().getName()).append('#')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            name.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return name.append(')').toString();
    }

    /** A lazy {@code Uni}, or an eager {@code CompletableFuture} for stage-returning methods. */
    Object dispatch(InvocationContext context) {
        ContextInternal vertxContext = (ContextInternal) Vertx.currentContext();
        Executor callerExecutor = vertxContext == null ? null : new VertxCallerExecutor(vertxContext);
        Invocation invocation = Invocation.capture(context, vertxContext);
        Uni<Object> call = asyncParameters.length == 0 ? ref.call(invocation, callerExecutor)
                : resolveThenCall(invocation, callerExecutor);
        return returnsUni ? call : call.subscribeAsCompletionStage();
    }

    /** Resolves the async parameters first; the body receives them already completed. */
    private Uni<Object> resolveThenCall(Invocation invocation, Executor callerExecutor) {
        Object[] parameters = invocation.parameters();
        List<Uni<Object>> inputs = new ArrayList<>(asyncParameters.length);
        for (int index : asyncParameters) {
            inputs.add(toUni(parameters[index]));
        }
        Uni<Invocation> resolvedInvocation = Uni.join().all(inputs).andFailFast().map(values -> {
            Object[] resolved = parameters.clone();
            for (int i = 0; i < asyncParameters.length; i++) {
                int index = asyncParameters[i];
                resolved[index] = parameters[index] instanceof Uni ? Uni.createFrom().item(values.get(i))
                        : CompletableFuture.completedFuture(values.get(i));
            }
            invocation.parameters(resolved);
            return invocation;
        });
        return ref.callWith(resolvedInvocation, callerExecutor); // a shutdown fails it while its inputs are pending
    }

    @SuppressWarnings("unchecked")
    private static Uni<Object> toUni(Object parameter) {
        if (parameter == null) {
            return Uni.createFrom().nullItem();
        }
        return parameter instanceof Uni ? (Uni<Object>) parameter
                : Uni.createFrom().completionStage((CompletionStage<Object>) parameter);
    }
}
