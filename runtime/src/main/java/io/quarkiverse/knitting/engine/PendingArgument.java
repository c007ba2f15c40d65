package io.quarkiverse.knitting.engine;

import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * A call whose argument is still being produced (a {@code Uni} or {@code CompletionStage} argument): it subscribes to
 * the argument and dispatches the call when it arrives. Until then its pool knows it, so that a shutdown fails it
 * with the closed error instead of leaving its caller waiting; exactly one of the argument's arrival, the caller's
 * cancel and the shutdown takes it from the pool and decides what becomes of it.
 * <p>
 * It is also the caller's subscription: a cancel reaches the argument while it is pending and the call afterwards.
 */
final class PendingArgument<A, R> implements UniSubscriber<A>, UniSubscription {

    private final Call<A, R> call;
    /** Where the caller subscribed: see {@link #turnOf}. */
    private final Object callersTurn;
    private volatile UniSubscription input;
    private volatile boolean inputCancelled;

    /** Call on the subscribing (caller's) thread. */
    PendingArgument(Call<A, R> call) {
        this.call = call;
        this.callersTurn = turnOf(call.task.pool);
    }

    /**
     * The running call whose body is at work here, on a lane of {@code pool}, or else this thread: a call made from a
     * body keeps its right to run in place (so a body awaiting it cannot deadlock) only while that body runs.
     */
    private static Object turnOf(Pool pool) {
        Thread current = Thread.currentThread();
        if (current instanceof WorkerThread self && self.pool == pool && self.lane.runsBodyOn(self)) {
            return self.lane.running();
        }
        return current;
    }

    private Pool pool() {
        return call.task.pool;
    }

    @Override
    public void onSubscribe(UniSubscription subscription) {
        input = subscription;
        if (inputCancelled) {
            subscription.cancel();
        }
    }

    @Override
    public void onItem(A argument) {
        if (pool().pendingArguments.take(this)) {
            call.argument(argument);
            pool().dispatchArrived(call, turnOf(pool()) == callersTurn);
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        if (pool().pendingArguments.take(this)) {
            call.failUndispatched(failure); // the body never runs
        }
    }

    @Override
    public void cancel() {
        call.cancel();
        pool().pendingArguments.take(this);
        cancelInput(); // a no-op on an argument that has arrived
    }

    boolean isCancelled() {
        return call.isSettled();
    }

    /** The pool shut down while the argument was pending: the call is refused as on any closed pool. */
    void closed() {
        UserCode.run(this::cancelInput);
        pool().dispatchArrived(call, false);
    }

    void cancelInput() {
        inputCancelled = true;
        UniSubscription subscription = input;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
