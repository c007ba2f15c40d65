package io.quarkiverse.knitting;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Runs the annotated bean method on a worker lane of a knitting pool instead of on the caller's thread.
 * <p>
 * The method returns {@code Uni<T>}, {@code CompletionStage<T>} or {@code CompletableFuture<T>}. A {@code Uni}
 * dispatches at subscription (once per subscription); a {@code CompletionStage} dispatches at once.
 */
@InterceptorBinding
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Task {

    /** The pool that runs the method; {@code ""} is the default pool. */
    @Nonbinding
    String pool() default "";

    /** Soft per-call timeout in milliseconds, measured from the call; a negative value disables it. */
    @Nonbinding
    long timeoutMs() default -1;

    /** What a call that exceeds {@link #timeoutMs()} completes with. */
    @Nonbinding
    OnTimeout onTimeout() default OnTimeout.FAIL;

    /** Whether the call is abort-aware: it holds an abort slot and sees cancellation via {@link AbortSignal#current()}. */
    @Nonbinding
    boolean abortable() default false;

    /**
     * The longest a call may wait in a queue before a lane starts it, in milliseconds; past it the call fails with
     * {@link TaskRejectedException} and never runs. Negative: the pool's {@code queue-timeout-ms}; 0 is refused.
     */
    @Nonbinding
    long queueTimeoutMs() default -1;

    /**
     * The most calls of this method whose bodies run at once across the pool's lanes; further calls wait in the pool
     * (they count in {@code max-queued} and under the queue deadline) and start in order as running ones end, without
     * holding a lane. Below 1: no limit. A call made from a task body of the same pool runs in place and is not
     * limited.
     */
    @Nonbinding
    int maxConcurrency() default -1;
}
