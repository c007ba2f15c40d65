package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;

import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * A call whose argument is still being produced ({@link PendingArgument}). Its soft timeout and cancel deadline count
 * from its subscription, not from its dispatch: the watchdog watches it from then on, so a call whose argument never
 * arrives is still answered at its deadline, and one whose argument arrives late has only what is left of it.
 */
final class PendingCall<A, R> extends Call<A, R> {

    private long subscribedAt;
    private volatile boolean watchedFromSubscription;
    private PendingArgument<A, R> pending;
    /** Set when the argument arrives off the caller's turn while the body that made the call still runs. */
    private boolean madeByABodyAtWork;
    /** The lane of that body, when it runs on one. */
    private WorkerLane laneToAvoid;

    PendingCall(RegisteredTask<A, R> task, Executor callerExecutor, UniSubscriber<? super R> subscriber) {
        super(task, null, callerExecutor, subscriber);
    }

    /** On the subscribing thread, before the argument is subscribed. */
    void waitFor(PendingArgument<A, R> argument) {
        pending = argument;
        subscribedAt = System.nanoTime(); // when it enters the deadline queues: they are FIFOs in that order
        RegisteredTask<A, R> task = this.task;
        if (task.timeoutQueue == null && task.cancelQueue == null) {
            return;
        }
        Watchdog dog = task.pool.lifecycle.watchdog();
        if (dog != null) {
            watchedFromSubscription = true; // before the watch: the dispatch must not add these deadlines again
            dog.watchFromSubscription(this);
        }
    }

    /**
     * Before the dispatch (published with it): the body that made the call still runs, on {@code lane} (null for a
     * stand-in's body).
     */
    void madeByABodyAtWork(WorkerLane lane) {
        madeByABodyAtWork = true;
        laneToAvoid = lane;
    }

    @Override
    boolean madeByABodyAtWork() {
        return madeByABodyAtWork;
    }

    @Override
    WorkerLane laneToAvoid() {
        return laneToAvoid;
    }

    @Override
    long deadlineFrom() {
        return subscribedAt;
    }

    @Override
    boolean taskDeadlinesWatched() {
        return watchedFromSubscription;
    }

    /**
     * Its soft timeout or cancel deadline passed (on the watchdog). Answers it here when it has not been dispatched,
     * the argument still pending (which is cancelled, off the watchdog); false when it has been, and the call times
     * out as any other. Like a call whose argument failed, it was never dispatched and is not counted (unless its
     * argument arrives at that very instant: the dispatch then finds it settled and counts it as cancelled).
     */
    boolean expireUndispatched(Throwable error, boolean withNull) {
        if (!settleUndispatched()) {
            return false;
        }
        if (task.pool.pendingArguments.take(pending)) {
            UserCode.run(pending::cancelInput);
        }
        answer(null, withNull ? null : error);
        return true;
    }
}
