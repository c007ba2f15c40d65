package io.quarkiverse.knitting.engine;

import io.smallrye.mutiny.Uni;
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

    private final PendingCall<A, R> call;
    /** The lane whose body made this call, or null when a lane's body did not: see {@link #callersBodyRuns}. */
    private final WorkerLane callersLane;
    /** The stand-in whose body made this call, or null when a stand-in's body did not. */
    private final StandInThread callersStandIn;
    /** That body's call. */
    private final Call<?, ?> callersCall;
    /** Made by a body of the pool, or by the output of one as its lane subscribes to it: see {@link #madeByABody}. */
    private final boolean byABody;
    /** The thread subscribing to the argument, while it does: an argument there at once is in the caller's turn. */
    private volatile Thread subscribing;
    private volatile UniSubscription input;
    private volatile boolean inputCancelled;

    /** Call on the subscribing (caller's) thread. */
    PendingArgument(PendingCall<A, R> call) {
        this.call = call;
        WorkerThread caller = WorkerThread.runningABodyOf(call.task.pool);
        this.callersLane = caller == null ? null : caller.lane;
        this.callersStandIn = caller == null ? StandInThread.runningABodyOf(call.task.pool.threads) : null;
        this.callersCall = caller != null ? caller.lane.running() : callersStandIn != null ? callersStandIn.running : null;
        this.byABody = caller != null || callersStandIn != null
                || WorkerThread.forwardingAnOutputOf(call.task.pool) != null;
    }

    /** Subscribes to the argument; an argument that arrives within this subscribe arrives in the caller's turn. */
    void subscribeTo(Uni<? extends A> argument) {
        subscribing = Thread.currentThread();
        try {
            argument.subscribe().withSubscriber(this);
        } finally {
            subscribing = null;
        }
    }

    /**
     * Whether a body of the pool made this call, on a lane or a stand-in, or the output of one as its lane subscribed
     * to it: part of that body's work, which a graceful shutdown lets run when its argument is at hand.
     */
    boolean madeByABody() {
        return byABody;
    }

    /** Whether the body that made this call is still at work, on its lane or its stand-in. */
    private boolean callersBodyRuns() {
        if (callersLane != null) {
            return callersLane.running() == callersCall;
        }
        return callersStandIn != null && callersStandIn.running == callersCall;
    }

    /**
     * Whether the argument arrives in its caller's turn: within the subscribe, or inside the body that made the call
     * while that body still runs (it completed the argument itself). Only then may the call run in place or inline
     * here; a call made from a body keeps that right, so a body awaiting it cannot deadlock.
     */
    private boolean inCallersTurn() {
        if (Thread.currentThread() == subscribing) {
            return true;
        }
        if (callersStandIn != null) {
            return Thread.currentThread() == callersStandIn && callersBodyRuns();
        }
        WorkerThread here = WorkerThread.runningABodyOf(pool());
        return here != null && here.lane == callersLane && callersBodyRuns();
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
            if (inCallersTurn()) {
                pool().dispatch(call);
            } else {
                // nobody's caller is here; and a body still at work (waiting for this call, likely) must not find
                // it queued behind itself or behind another body that waits
                if (callersBodyRuns()) {
                    call.madeByABodyAtWork(callersLane);
                }
                pool().dispatchArrived(call);
            }
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
        pool().dispatchArrived(call);
    }

    void cancelInput() {
        inputCancelled = true;
        UniSubscription subscription = input;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
