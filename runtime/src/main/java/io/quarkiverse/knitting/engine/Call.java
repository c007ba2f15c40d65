package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.quarkiverse.knitting.AbortSignal;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One dispatch of a task: its argument, its subscriber and its state.
 * <p>
 * State moves one way, {@code NEW -> QUEUED -> RUNNING -> SETTLED}, by CAS. A lane starts a call by moving it from
 * {@code QUEUED} to {@code RUNNING}: its first touch of the call is that CAS, which takes the cache line in exclusive
 * state at once, so it costs no more than a read would. A call settled while queued (cancelled, timed out) can then
 * never run. Exactly one thread wins the move to {@code SETTLED}: the lane that finished the body, the watchdog
 * (timeouts), the caller (cancel) or shutdown; only the winner counts the outcome and answers, so a call is answered
 * once. Separately, whoever disposes of the call (the lane that ran or skipped it, or a drain) calls
 * {@link #retire()} once.
 */
final class Call<A, R> implements UniSubscription, AbortSignal, Runnable {

    static final int NEW = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int SETTLED = 3;

    private static final VarHandle STATE;
    private static final VarHandle SLOT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Call.class, "state", int.class);
            SLOT = lookup.findVarHandle(Call.class, "abortSlotHeld", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final RegisteredTask<A, R> task;
    final Executor callerExecutor;
    private final UniSubscriber<? super R> subscriber;
    private A argument;
    /** {@code System.nanoTime()} at dispatch, set only when a deadline applies; published by the queue offer. */
    long submittedAt;
    /** {@code System.nanoTime()} when a lane started the body; published by the lane's volatile {@code current}. */
    long startedAt;

    private volatile int state;
    private volatile boolean aborted;
    @SuppressWarnings("unused") // accessed through SLOT
    private volatile boolean abortSlotHeld;

    // The outcome, written before a hop to the caller's executor and read in run().
    private Object item;
    private Throwable failure;

    Call(RegisteredTask<A, R> task, A argument, Executor callerExecutor, UniSubscriber<? super R> subscriber) {
        this.task = task;
        this.argument = argument;
        this.callerExecutor = callerExecutor;
        this.subscriber = subscriber;
    }

    A argument() {
        return argument;
    }

    boolean isSettled() {
        return state == SETTLED;
    }

    /** Still waiting in a queue: neither started nor settled. */
    boolean isQueued() {
        return state == QUEUED;
    }

    /** Dispatch accepted the call; false when the caller cancelled first. */
    boolean accept() {
        return STATE.compareAndSet(this, NEW, QUEUED);
    }

    /** A lane is about to run the body; false when the call was settled while queued, so it must not run. */
    boolean start() {
        return STATE.compareAndSet(this, QUEUED, RUNNING);
    }

    /** The lane that started the call wins the right to answer it, unless a timeout or cancel came first. */
    boolean settleRunning() {
        return STATE.compareAndSet(this, RUNNING, SETTLED);
    }

    /** Wins the right to answer an accepted call; the winner counts the outcome, then calls {@link #answer}. */
    private boolean trySettle() {
        for (;;) {
            int current = state;
            if (current != QUEUED && current != RUNNING) {
                return false;
            }
            if (STATE.compareAndSet(this, current, SETTLED)) {
                return true;
            }
        }
    }

    void markAbortSlotHeld() {
        abortSlotHeld = true;
    }

    /** The body returned {@code value}, off a worker lane (which counts for itself). */
    void complete(Object value) {
        if (trySettle()) {
            task.pool.counters.completed(this);
            answer(value, null);
        }
    }

    /** The body threw, or the call failed for a reason of the pool's (timeout, shutdown, payload). */
    void fail(Throwable error) {
        boolean won = trySettle();
        aborted = true; // after the settle: a body that stops on the signal must not answer first
        if (won) {
            task.pool.counters.failed(this);
            answer(null, error);
        }
    }

    /**
     * Fails a call that is still waiting in a queue, in one step: a lane that starts it at the same moment wins or
     * loses the same CAS, so a call that runs is never failed as "queued" (and one failed here never runs).
     */
    void failIfQueued(Throwable error) {
        if (STATE.compareAndSet(this, QUEUED, SETTLED)) {
            aborted = true;
            task.pool.counters.failed(this);
            answer(null, error);
        }
    }

    /** The soft timeout passed: complete with {@code null} or fail, as the task says. */
    void timeOut(Throwable error, boolean withNull) {
        boolean won = trySettle();
        aborted = true;
        if (won) {
            if (withNull) {
                task.pool.counters.completed(this);
                answer(null, null);
            } else {
                task.pool.counters.failed(this);
                answer(null, error);
            }
        }
    }

    /** Refused before it was accepted: closed pool, payload too large, no abort slot. */
    void reject(Throwable error) {
        if (STATE.compareAndSet(this, NEW, SETTLED)) {
            task.pool.counters.rejected();
            answer(null, error);
        }
    }

    @Override
    public void cancel() {
        for (;;) {
            int current = state;
            if (current == SETTLED) {
                break;
            }
            if (STATE.compareAndSet(this, current, SETTLED)) {
                if (current != NEW) {
                    task.pool.counters.cancelled(this);
                }
                break;
            }
        }
        aborted = true; // after the settle: a body that stops on the signal must not answer first
    }

    /** The lane or drain is done with this call: free its abort slot and drop the argument. */
    void retire() {
        argument = null;
        if (task.abortable && SLOT.compareAndSet(this, true, false)) {
            task.pool.abortSlots.release();
        }
    }

    @Override
    public boolean hasAborted() {
        return aborted;
    }

    /** Sends the outcome to the subscriber, through the caller's executor when there is one. */
    void answer(Object value, Throwable error) {
        Executor executor = callerExecutor;
        if (executor == null) {
            deliver(value, error);
            return;
        }
        item = value;
        failure = error;
        try {
            executor.execute(this);
        } catch (RejectedExecutionException closedExecutor) {
            deliver(value, error);
        }
    }

    /** Delivery on the caller's executor. */
    @Override
    public void run() {
        deliver(item, failure);
    }

    @SuppressWarnings("unchecked")
    private void deliver(Object value, Throwable error) {
        if (error == null) {
            subscriber.onItem((R) value);
        } else {
            subscriber.onFailure(error);
        }
    }
}
