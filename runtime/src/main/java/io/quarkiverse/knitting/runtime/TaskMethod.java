package io.quarkiverse.knitting.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.interceptor.InvocationContext;

import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.engine.CancelDeadlineException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/** A {@code @Task} method as registered in its pool, and how one call of it is dispatched. */
final class TaskMethod {

    private final TaskRef<Invocation, Object> ref;
    /** The application's Context Propagation {@code ThreadContext}, or null without it. */
    private final Object threadContext;
    private final boolean returnsUni;
    /** Indexes of {@code Uni} / {@code CompletionStage} parameters, resolved on the caller's side before dispatch. */
    private final int[] asyncParameters;
    /** Starts a span per call when the application traces; null otherwise. */
    private final CallTracer tracer;
    private final String poolName;
    /** {@code Hasher#sha256}: the span name, short and of low cardinality. */
    private final String spanName;
    /** Whether the calls' cancel deadline mirrors a Fault Tolerance {@code @Timeout}. */
    private final boolean faultToleranceTimeout;

    private TaskMethod(TaskRef<Invocation, Object> ref, Object threadContext, boolean returnsUni,
            int[] asyncParameters, CallTracer tracer, String poolName, String spanName,
            boolean faultToleranceTimeout) {
        this.ref = ref;
        this.threadContext = threadContext;
        this.returnsUni = returnsUni;
        this.asyncParameters = asyncParameters;
        this.tracer = tracer;
        this.poolName = poolName;
        this.spanName = spanName;
        this.faultToleranceTimeout = faultToleranceTimeout;
    }

    /** The pool the task runs in. */
    String poolName() {
        return poolName;
    }

    /**
     * The bean classes whose calls of the task's method are intercepted and that the application kept (ArC removes
     * unused beans after the build found them: they call nothing).
     */
    static List<Class<?>> beansReaching(TaskDefinition definition, ClassLoader loader, Set<Class<?>> kept) {
        List<Class<?>> beans = new ArrayList<>();
        for (String bean : definition.getReachedThrough()) {
            Class<?> beanClass = load(bean, loader);
            if (kept.contains(beanClass)) {
                beans.add(beanClass);
            }
        }
        return beans;
    }

    /**
     * Registers a task the build found in its pool. {@code beans}: those {@link #beansReaching} it, whose Fault
     * Tolerance timeouts agree.
     */
    static TaskMethod register(PoolRegistry pools, TaskOverrides overrides, TaskDefinition definition, Method method,
            List<Class<?>> beans, ClassLoader loader, Object threadContext, CallTracer tracer) {
        // the beans agree: any of them tells the timeout (the one the build registered the task under may be gone)
        Class<?> beanClass = beans.isEmpty() ? load(definition.getBeanClass(), loader) : beans.get(0);
        long cancelAfterMs = FaultToleranceTimeout.cancelDeadlineOf(beanClass, method);
        TaskOptions options = overrides.options(method, new TaskOptions(definition.getTimeoutMs(),
                definition.getOnTimeout(), definition.isAbortable(), cancelAfterMs, definition.getQueueTimeoutMs(),
                definition.getMaxConcurrency()));
        String poolName = overrides.pool(method, definition.getPool());
        TaskRef<Invocation, Object> ref = pools.pool(poolName).register(name(method), options, Invocation::proceed);
        List<Integer> async = new ArrayList<>();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (Uni.class.isAssignableFrom(types[i]) || CompletionStage.class.isAssignableFrom(types[i])) {
                async.add(i);
            }
        }
        return new TaskMethod(ref, threadContext, Uni.class.isAssignableFrom(method.getReturnType()),
                async.stream().mapToInt(Integer::intValue).toArray(), tracer, poolName, spanName(method),
                cancelAfterMs >= 0);
    }

    /**
     * {@code com.acme.Hasher#sha256(byte[])}: how the method appears in messages and task listings. Parameter types
     * are named in full ({@code com.acme.v1.Doc}), so overloads whose types share a simple name stay distinct.
     */
    static String name(Method method) {
        StringBuilder name = new StringBuilder(method.getDeclaringClass().getName()).append('#')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            name.append(i == 0 ? "" : ", ").append(types[i].getTypeName());
        }
        return name.append(')').toString();
    }

    /**
     * {@code Hasher#sha256}, {@code Outer$Inner#run}: the class name without its package, read from the binary name
     * ({@code getSimpleName()} would load the enclosing class, which an application may not ship).
     */
    static String spanName(Method method) {
        String className = method.getDeclaringClass().getName();
        return className.substring(className.lastIndexOf('.') + 1) + "#" + method.getName();
    }

    /** The method the build described. */
    static Method resolve(TaskDefinition definition, ClassLoader loader) {
        List<String> typeNames = definition.getParameterTypes();
        Class<?>[] types = new Class<?>[typeNames.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = load(typeNames.get(i), loader);
        }
        try {
            return load(definition.getDeclaringClass(), loader).getDeclaredMethod(definition.getMethodName(), types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("The @Task method " + definition.getDeclaringClass() + "#"
                    + definition.getMethodName() + typeNames + " found at build time is missing at runtime", e);
        }
    }

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
            "double", double.class);

    private static Class<?> load(String binaryName, ClassLoader loader) {
        Class<?> primitive = PRIMITIVES.get(binaryName);
        if (primitive != null) {
            return primitive;
        }
        try {
            return Class.forName(binaryName, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Class " + binaryName + " of a @Task method is missing at runtime", e);
        }
    }

    /**
     * A lazy {@code Uni}, or an eager {@code CompletableFuture} for stage-returning methods. The caller's contexts are
     * captured when the call is subscribed (each subscription is one dispatch, a {@code @Retry} attempt included), on
     * the subscribing thread.
     */
    Object dispatch(InvocationContext context) {
        AsyncArguments async = asyncParameters.length == 0 ? null : AsyncArguments.of(context);
        Uni<Object> call = Uni.createFrom().deferred(() -> dispatchOnce(context, async));
        if (faultToleranceTimeout) {
            // this task's cancel deadline fired before Fault Tolerance's timer: answer as that timer would have
            call = call.onFailure(failure -> failure instanceof CancelDeadlineException cancelled
                    && cancelled.task() == ref).transform(FaultToleranceTimeout::timeoutException);
        }
        return returnsUni ? call : call.subscribeAsCompletionStage();
    }

    private Uni<Object> dispatchOnce(InvocationContext context, AsyncArguments async) {
        ContextInternal callerContext = (ContextInternal) Vertx.currentContext();
        Executor callerExecutor = callerContext == null ? null : new VertxCallerExecutor(callerContext);
        Invocation invocation = Invocation.capture(context, callerContext == null ? null : BodyContext.of(callerContext),
                threadContext);
        if (tracer == null) {
            return call(invocation, async, callerExecutor);
        }
        CallTracer.TracedCall traced = tracer.start(spanName, poolName, ref.name());
        invocation.traced(traced);
        try {
            return new TracedUni<>(call(invocation, async, callerExecutor), traced);
        } catch (RuntimeException | Error failure) {
            traced.ended(failure);
            throw failure;
        }
    }

    private Uni<Object> call(Invocation invocation, AsyncArguments async, Executor callerExecutor) {
        return async == null ? ref.call(invocation, callerExecutor)
                : resolveThenCall(invocation, async, callerExecutor);
    }

    /** Resolves the async parameters first; the body receives them already completed. */
    private Uni<Object> resolveThenCall(Invocation invocation, AsyncArguments async, Executor callerExecutor) {
        Object[] parameters = async.original;
        AsyncArguments.Turn turn = async.newTurn();
        invocation.takes(turn);
        List<Uni<Object>> inputs = new ArrayList<>(asyncParameters.length);
        for (int index : asyncParameters) {
            inputs.add(toUni(parameters[index]));
        }
        Uni<Invocation> resolvedInvocation = Uni.join().all(inputs).andFailFast().chain(values -> {
            Object[] resolved = parameters.clone();
            Object[] carried = parameters.clone(); // what the payload guard measures: the values, not their wrappers
            for (int i = 0; i < asyncParameters.length; i++) {
                int index = asyncParameters[i];
                resolved[index] = parameters[index] instanceof Uni ? Uni.createFrom().item(values.get(i))
                        : CompletableFuture.completedFuture(values.get(i));
                carried[index] = values.get(i);
            }
            invocation.resolved(resolved, carried);
            // dispatched once the bodies of earlier subscriptions of this intercepted call have ended
            return Uni.createFrom().completionStage(turn.granted.copy()).replaceWith(invocation);
        });
        // a shutdown fails it while its inputs are pending; once settled, a body that has not begun never will
        return new AfterSettled<>(ref.callWith(resolvedInvocation, callerExecutor), invocation::settled);
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
