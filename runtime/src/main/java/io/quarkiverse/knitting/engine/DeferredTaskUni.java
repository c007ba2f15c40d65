package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/** The lazy {@code Uni} of a call whose argument is produced by another {@code Uni}: see {@link PendingArgument}. */
final class DeferredTaskUni<A, R> extends AbstractUni<R> {

    private final RegisteredTask<A, R> task;
    private final Uni<? extends A> argument;
    private final Executor callerExecutor;

    DeferredTaskUni(RegisteredTask<A, R> task, Uni<? extends A> argument, Executor callerExecutor) {
        this.task = task;
        this.argument = argument;
        this.callerExecutor = callerExecutor;
    }

    @Override
    public void subscribe(UniSubscriber<? super R> subscriber) {
        PendingCall<A, R> call = new PendingCall<>(task, callerExecutor, subscriber);
        PendingArgument<A, R> pending = new PendingArgument<>(call);
        subscriber.onSubscribe(pending);
        if (pending.isCancelled()) {
            return;
        }
        Pool pool = task.pool;
        boolean byABody = pending.madeByABody();
        pool.pendingArguments.add(pending, byABody ? pool.lifecycle::refusesCallsInPlace : pool::isShutdown);
        if (pending.isCancelled()) {
            // refused by a closed pool, or cancelled meanwhile (its cancel may have missed the pool's list): the
            // argument is not needed, and subscribing it would start its work for nothing
            task.pool.pendingArguments.take(pending);
            return;
        }
        call.waitFor(pending);
        pending.subscribeTo(argument);
        if (byABody && pool.isShutdown() && pool.pendingArguments.take(pending)) {
            // a body may still call its pool during a graceful shutdown, with an argument at hand; one still pending
            // would wait past the shutdown's sweep of pending arguments, so it is refused as a caller's would be
            pending.closed();
        }
    }
}
