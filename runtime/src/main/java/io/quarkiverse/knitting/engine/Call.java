package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.TaskRejectedException;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One dispatch of a task: its argument, its subscriber and its state.
 * <p>
 * State moves one way, {@code NEW -> QUEUED -> RUNNING -> SETTLED}, by CAS. A lane starts a call by moving it from
 * {@code QUEUED} to {@code RUNNING}: its first touch of the call is that CAS, which takes the cache line in exclusive
 * state at once, so it costs no more than a read would. A call settled while queued (cancelled, timed out) can then
 * never run. Exactly one thread wins the move to {@code SETTLED}: the lane that finished the body, the completion of
 * an awaited output, the watchdog (timeouts), the caller (cancel) or shutdown. The winner frees what the call held
 * (its abort slot, its place among awaited outputs) at once, then counts the outcome and answers, so a call is
 * answered once and its resources are free before its caller hears of it.
 * How the answer reaches the subscriber is {@link Answer}'s job.
 * <p>
 * A call is also the lazy {@code Uni} that {@code TaskRef.call} returns, so that a call costs one object: its first
 * subscription dispatches it ({@code UNSUBSCRIBED -> NEW}), and every later one dispatches a fresh
 * {@link #copy copy}.
 * A task whose settled calls the watchdog may hold for a while (deadline queues drop them lazily) dispatches a copy
 * every time instead: the {@code Uni} keeps its argument for later subscriptions, and the watchdog must not keep it.
 */
class Call<A, R> extends Answer<R> implements UniSubscription, AbortSignal {

    /** Zero, the value a field has before any write: a {@code Uni} handed to another thread reads it safely. */
    static final int UNSUBSCRIBED = 0;
    static final int NEW = 1;
    static final int QUEUED = 2;
    static final int RUNNING = 3;
    static final int SETTLED = 4;

    private static final VarHandle STATE;
    private static final VarHandle SLOT;
    private static final VarHandle PERMIT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Call.class, "state", int.class);
            SLOT = lookup.findVarHandle(Call.class, "abortSlotHeld", boolean.class);
            PERMIT = lookup.findVarHandle(Call.class, "permitHeld", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final RegisteredTask<A, R> task;
    /**
     * Whether this call is the {@code Uni} that {@code TaskRef.call} returned, rather than a copy that is no one's: its
     * argument then stays for later subscriptions, where a copy drops it once it is used ({@link #dropArgument}).
     */
    private final boolean ownUni;
    private A argument;
    /** {@code System.nanoTime()} at dispatch, set only when a deadline applies; published by the queue offer. */
    long submittedAt;
    /** {@code System.nanoTime()} when a lane started the body; published by the lane's volatile {@code current}. */
    long startedAt;
    /** Its task's meter times it ({@code metrics.timer-sampling}); set before dispatch. */
    boolean timed;
    /**
     * The body it was made in when that body runs on a thread of another pool, else null ({@link MadeWithin}); set
     * before the dispatch, which publishes it.
     */
    MadeWithin madeWithin;
    /** A stand-in tried to start it out of its queue ({@link #startOutsideItsQueue}): the argument is the body's. */
    private boolean startedOutsideItsQueue;

    private volatile int state;
    private volatile boolean aborted;
    @SuppressWarnings("unused") // accessed through SLOT
    private volatile boolean abortSlotHeld;
    /** Holds one of its task's {@link ConcurrencyGate} permits. */
    private volatile boolean permitHeld;
    /** The output the body returned, while the call waits for it; null for calls that answer from the body. */
    private volatile CompletableFuture<Object> awaitedOutput;

    /** The call as the {@code Uni} of {@code TaskRef.call}: nothing happens until it is subscribed. */
    Call(RegisteredTask<A, R> task, A argument, Executor callerExecutor) {
        super(callerExecutor, null);
        this.task = task;
        this.ownUni = true;
        this.argument = argument;
        VarHandle.releaseFence(); // the argument is seen with the Uni, as a final field would be, however handed on
    }

    /** A call made for {@code subscriber} by a {@code Uni} (this one's first, or another), dispatched by it. */
    Call(RegisteredTask<A, R> task, A argument, Executor callerExecutor, UniSubscriber<? super R> subscriber) {
        super(callerExecutor, subscriber);
        this.task = task;
        this.ownUni = false;
        this.argument = argument;
        STATE.set(this, NEW); // published by its dispatch
    }

    @Override
    public void subscribe(UniSubscriber<? super R> subscriber) {
        Call<A, R> call;
        if (!task.callsOutliveTheirAnswer && STATE.compareAndSet(this, UNSUBSCRIBED, NEW)) {
            call = this;
            answerTo(subscriber);
        } else {
            call = copy(subscriber); // each subscription is a call of its own
        }
        call.subscribed();
        subscriber.onSubscribe(call);
        task.pool.dispatch(call);
    }

    /** A call of the same task and argument for {@code subscriber}, ready for dispatch. */
    Call<A, R> copy(UniSubscriber<? super R> subscriber) {
        return new Call<>(task, argument, callerExecutor, subscriber);
    }

    /** Its subscription claimed it; what a kind of call does before its subscriber hears of it. */
    void subscribed() {
    }

    A argument() {
        return argument;
    }

    /** Drops the argument once it is used, unless this call is a {@code Uni} that may be subscribed again. */
    void dropArgument() {
        if (!ownUni) {
            argument = null;
        }
    }

    /**
     * Where its soft timeout and cancel deadline count from: its dispatch ({@link #submittedAt}); a call that waited
     * for its argument counts from its subscription ({@link PendingCall}).
     */
    long deadlineFrom() {
        return submittedAt;
    }

    /** Where the hard timeout counts from once it runs: its start; each argument's for a {@link ShareCall}. */
    long hardTimeoutFrom() {
        return startedAt;
    }

    /**
     * Whether the call's argument arrived while the body that made the call was still at work, off that body's turn
     * (see {@link PendingCall}): it must not wait behind a busy lane, nor for a permit that body may hold.
     */
    boolean madeByABodyAtWork() {
        return false;
    }

    /** For {@link #madeByABodyAtWork}: the lane of the body that made it, which is busy with that body; or null. */
    WorkerLane laneToAvoid() {
        return null;
    }

    /** Whether the watchdog already has its soft timeout and cancel deadline (from its subscription). */
    boolean taskDeadlinesWatched() {
        return false;
    }

    /** Sets the argument of a call that waited for it to resolve; before dispatch only. */
    void argument(A resolved) {
        argument = resolved;
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

    /**
     * Dispatch accepted a call that runs in place (a body's call to its own pool): it is running from the start, never
     * counted among the queued calls, so a stack overflow in the engine's frames around it cannot leave a place under
     * the bound taken. False when the caller cancelled first.
     */
    boolean acceptInPlace() {
        return STATE.compareAndSet(this, NEW, RUNNING);
    }

    /** Whether a call accepted in place is still to run: false when it was settled (a timeout, a cancel) first. */
    boolean stillToRunInPlace() {
        if (state == RUNNING) {
            return true;
        }
        dropArgument();
        return false;
    }

    /** A lane is about to run the body; false when the call was settled while queued, so it must not run. */
    boolean start() {
        if (STATE.compareAndSet(this, QUEUED, RUNNING)) {
            return true; // the caller of start() counts it as gone from the queues (see QueuedCalls)
        }
        if (!startedOutsideItsQueue) {
            dropArgument(); // settled while queued: drop what it holds now, it will never run
        }
        return false;
    }

    /**
     * Starts a call still queued, from outside the queue that holds it (a stand-in rescues it, see
     * {@link Pool#rescueFromIdleLane}). The lane that polls it later fails to {@link #start} it and skips it, and
     * leaves its argument to the body that runs; the caller of this method counts it as gone from the queues.
     */
    boolean startOutsideItsQueue() {
        startedOutsideItsQueue = true; // before the CAS, which publishes it to the lane that loses
        return STATE.compareAndSet(this, QUEUED, RUNNING);
    }

    /**
     * The lane that started the call wins the right to answer it, unless a timeout or cancel came first; the winner
     * counts the outcome on its lane, then calls {@link #answer}.
     */
    boolean settleRunning() {
        if (STATE.compareAndSet(this, RUNNING, SETTLED)) {
            settled();
            return true;
        }
        return false;
    }

    /** Wins the right to answer an accepted call; the winner counts the outcome, then calls {@link #answer}. */
    private boolean trySettle() {
        for (;;) {
            int current = state;
            if (current != QUEUED && current != RUNNING) {
                return false;
            }
            if (STATE.compareAndSet(this, current, SETTLED)) {
                if (current == QUEUED) {
                    leftQueueUnstarted();
                }
                settled();
                return true;
            }
        }
    }

    /**
     * Frees what the call held, by the one thread that settled it, before anyone hears the outcome. The argument
     * stays: a body that has just started may not have read it yet.
     */
    private void settled() {
        madeWithin = null; // only chains of calls still running are kept (MadeWithin)
        if (abortSlotHeld && SLOT.compareAndSet(this, true, false)) {
            task.pool.abortSlots.release();
        }
        task.leave();
        CompletableFuture<Object> output = awaitedOutput;
        if (output != null) {
            task.pool.outputs.settled(this, output);
        }
    }

    /** Settled before a lane started it: its place under {@code max-queued} and any permit go back. */
    private void leftQueueUnstarted() {
        task.pool.queued.leave();
        ConcurrencyGate gate = task.gate;
        if (gate != null) {
            releasePermit();
            gate.settledWhileQueued();
        }
    }

    /** The gate gave this call a permit; it goes back once, by {@link #releasePermit} or {@link #takeBackPermit}. */
    void holdPermit() {
        permitHeld = true;
    }

    /** Gives the permit back if the call holds one (its body ended, it was settled unstarted, or abandoned). */
    void releasePermit() {
        if (takeBackPermit()) {
            task.gate.release();
        }
    }

    /** Takes the permit away without starting another call; true for the one thread that does it. */
    boolean takeBackPermit() {
        return permitHeld && PERMIT.compareAndSet(this, true, false);
    }

    void markAbortSlotHeld() {
        abortSlotHeld = true;
    }

    /** The output its body returned, still pending; set once, before the call joins {@link AwaitedOutputs}. */
    void awaitedOutput(CompletableFuture<Object> output) {
        awaitedOutput = output;
    }

    /** The body or its output produced {@code value}, off a worker lane (which counts for itself). */
    void complete(Object value) {
        if (trySettle()) {
            counted(TaskMeter.Outcome.COMPLETED);
            answer(value, null);
        }
    }

    /** The body threw, or the call failed for a reason of the pool's (shutdown, payload). */
    void fail(Throwable error) {
        fail(error, TaskMeter.Outcome.FAILED);
    }

    /** Fails the call; {@code outcome} says why, for the task's meter. */
    void fail(Throwable error, TaskMeter.Outcome outcome) {
        if (settleFailed(outcome)) {
            answer(null, error);
        }
    }

    /**
     * Settles the call as failed and counts it, without answering yet: the caller of this method answers with
     * {@link #answer} once the pool's state says what the failure reports (the hard timeout's replaced lane).
     */
    boolean settleFailed(TaskMeter.Outcome outcome) {
        boolean won = trySettle();
        aborted = true; // after the settle: a body that stops on the signal must not answer first
        if (won) {
            counted(outcome);
        }
        return won;
    }

    /**
     * Fails a call that is still waiting in a queue, in one step: a lane or a stand-in that starts it at the same
     * moment wins or loses the same CAS, so a call that runs is never failed as "queued" (and one failed here never
     * runs).
     * {@code outcome}: why, for the task's meter (past the hard timeout, or left in a closed lane's queue).
     */
    void failIfQueued(Throwable error, TaskMeter.Outcome outcome) {
        if (STATE.compareAndSet(this, QUEUED, SETTLED)) {
            leftQueueUnstarted();
            settled();
            aborted = true;
            counted(outcome);
            answer(null, error);
        }
    }

    /**
     * Rejects a call still waiting in a queue past its queue deadline, in one step like {@link #failIfQueued}: a call
     * that runs is never rejected, and one rejected here never runs. Returns whether it was rejected.
     */
    boolean rejectIfQueued(Throwable error) {
        if (STATE.compareAndSet(this, QUEUED, SETTLED)) {
            leftQueueUnstarted();
            settled();
            aborted = true;
            dropArgument();
            counted(TaskMeter.Outcome.REJECTED);
            answer(null, error);
            return true;
        }
        return false;
    }

    /** What {@link #rejectIfWaitedTooLong} returns for a call it rejected. */
    static final long REJECTED = Long.MIN_VALUE;

    /**
     * The lane's own look at the queue deadline, just before it starts the call, so that no call starts after waiting
     * longer than its deadline however late the watchdog is. Returns the time it read ({@code System.nanoTime()}), 0
     * when the task has no queue deadline (nothing read), or {@link #REJECTED} when it rejected the call.
     */
    long rejectIfWaitedTooLong() {
        DeadlineQueue deadline = task.queueWaitQueue;
        if (deadline == null) {
            return 0;
        }
        long now = System.nanoTime();
        if (now - submittedAt <= deadline.durationNanos) {
            return now == REJECTED || now == 0 ? now + 1 : now;
        }
        if (rejectIfQueued(waitedTooLong(deadline.durationMillis))) {
            task.pool.rejections.record();
        }
        return REJECTED;
    }

    /** The failure of a call that waited in a queue longer than {@code millis}. */
    TaskRejectedException waitedTooLong(long millis) {
        return new TaskRejectedException(TaskRejectedException.Reason.QUEUE_TIMEOUT, "Call of " + task
                + " waited in a queue longer than " + millis + " ms (queue-timeout-ms) and was rejected without "
                + "running");
    }

    /** The soft timeout passed: complete with {@code null} or fail, as the task says. */
    void timeOut(Throwable error, boolean withNull) {
        boolean won = trySettle();
        aborted = true;
        if (won) {
            task.metered(TaskMeter.Outcome.TIMEOUT);
            if (withNull) {
                task.pool.counters.completed();
                answer(null, null);
            } else {
                task.pool.counters.failed();
                answer(null, error);
            }
        }
    }

    /**
     * Refused before it was accepted: closed pool, payload too large, no abort slot. A call its caller cancelled
     * before dispatch got this far is counted as cancelled instead.
     */
    void reject(Throwable error) {
        if (STATE.compareAndSet(this, NEW, SETTLED)) {
            dropArgument();
            counted(TaskMeter.Outcome.REJECTED);
            answer(null, error);
        } else {
            counted(TaskMeter.Outcome.CANCELLED);
        }
    }

    /** Counts an outcome this thread settled, in the pool's counters and in the task's meter. */
    private void counted(TaskMeter.Outcome outcome) {
        task.pool.counters.count(outcome);
        task.metered(outcome);
    }

    /** Its argument failed to resolve: the call fails with that failure, never dispatched and never counted. */
    void failUndispatched(Throwable error) {
        if (settleUndispatched()) {
            answer(null, error);
        }
    }

    /** Settles a call that was not dispatched (yet); a dispatch racing it finds it settled and withdraws it. */
    boolean settleUndispatched() {
        if (STATE.compareAndSet(this, NEW, SETTLED)) {
            dropArgument();
            aborted = true;
            return true;
        }
        return false;
    }

    /** Dispatch found the call cancelled by its caller before it could accept it: free what it took and count it. */
    void withdraw() {
        dropArgument();
        settled();
        counted(TaskMeter.Outcome.CANCELLED);
    }

    /**
     * The caller cancels: the call is settled without an answer. One not dispatched yet is counted by the dispatch
     * that finds it cancelled.
     */
    @Override
    public void cancel() {
        for (;;) {
            int current = state;
            if (current == SETTLED) {
                break;
            }
            if (STATE.compareAndSet(this, current, SETTLED)) {
                if (current != NEW && current != UNSUBSCRIBED) { // neither was dispatched: nothing to count
                    if (current == QUEUED) {
                        leftQueueUnstarted();
                    }
                    settled();
                    counted(TaskMeter.Outcome.CANCELLED);
                }
                break;
            }
        }
        aborted = true; // after the settle: a body that stops on the signal must not answer first
    }

    @Override
    public boolean hasAborted() {
        return aborted;
    }
}
