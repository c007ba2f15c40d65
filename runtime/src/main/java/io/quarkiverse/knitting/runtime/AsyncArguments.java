package io.quarkiverse.knitting.runtime;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.interceptor.InvocationContext;

/**
 * The arguments of one intercepted call of a task with {@code Uni} or {@code CompletionStage} parameters, as the
 * caller passed them. Every subscription of the returned {@code Uni} (and every {@code @Retry} attempt, which re-enters
 * the interceptor with the same invocation context) resolves these, never what an earlier subscription resolved.
 * <p>
 * The invocation context holds one parameter array for all of them, and the bean method reads its arguments from
 * there: a body sets its resolved values into it under {@link #lock} and puts the caller's back before letting go, so
 * bodies of the same intercepted call queued at once each run with their own values, one after another.
 */
final class AsyncArguments {

    private static final String KEY = AsyncArguments.class.getName();

    final Object[] original;
    final ReentrantLock lock = new ReentrantLock();

    private AsyncArguments(Object[] original) {
        this.original = original;
    }

    /** Those of {@code context}; call on the intercepting thread, before any body of this call can run. */
    static AsyncArguments of(InvocationContext context) {
        Map<String, Object> data = context.getContextData();
        AsyncArguments arguments = (AsyncArguments) data.get(KEY);
        if (arguments == null) {
            arguments = new AsyncArguments(context.getParameters());
            data.put(KEY, arguments);
        }
        return arguments;
    }
}
