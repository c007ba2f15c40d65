package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;

import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * The lazy {@code Uni} of one call: each subscription creates one {@link Call} and dispatches it. Extending
 * {@link AbstractUni} keeps the plumbing to two objects per call (this and the call).
 */
final class TaskUni<A, R> extends AbstractUni<R> {

    private final RegisteredTask<A, R> task;
    private final A argument;
    private final Executor callerExecutor;

    TaskUni(RegisteredTask<A, R> task, A argument, Executor callerExecutor) {
        this.task = task;
        this.argument = argument;
        this.callerExecutor = callerExecutor;
    }

    @Override
    public void subscribe(UniSubscriber<? super R> subscriber) {
        Call<A, R> call = argument instanceof BatchChunk share ? shareCall(share, subscriber)
                : new Call<>(task, argument, callerExecutor, subscriber);
        subscriber.onSubscribe(call);
        task.pool.dispatch(call);
    }

    /** The call of a {@code callAll} share: the share stops once its call is settled. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Call<A, R> shareCall(BatchChunk share, UniSubscriber<? super R> subscriber) {
        ShareCall<R> call = new ShareCall<>((RegisteredTask) task, share, callerExecutor, subscriber);
        share.runBy(call);
        return (Call) call;
    }
}
