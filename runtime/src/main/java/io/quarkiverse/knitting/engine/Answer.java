package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * How a settled {@link Call} reaches its subscriber, once. Answers never run user code on the pool's control threads
 * (watchdog, host dispatcher), the caller's executor included: an answer settled there goes to the pool's answer
 * threads ({@link PoolThreads#answers}), which hand it to the caller's executor when there is one (directly to a
 * caller's executor that never runs commands in place, such as a Vert.x context). A subscriber that throws cannot hurt the thread that
 * answers: its exception goes to Mutiny's dropped-exception handler.
 */
abstract class Answer<R> extends AbstractUni<R> implements Runnable {

    private static final VarHandle HANDED_OUT;

    static {
        try {
            HANDED_OUT = MethodHandles.lookup().findVarHandle(Answer.class, "handedOut", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Executor callerExecutor;
    /** Set before the call is dispatched, which publishes it to whoever answers. */
    private UniSubscriber<? super R> subscriber;
    // The outcome, written before a hop to an executor and read in run(): the item, or the failure when failed.
    private Object outcome;
    private boolean failed;
    /**
     * Set by whichever delivers an answer that went through an executor: the executor's run, or the fallback when the
     * executor threw (an executor may run the command and then throw; the subscriber hears once all the same).
     */
    @SuppressWarnings("unused")
    private volatile boolean handedOut;

    Answer(Executor callerExecutor, UniSubscriber<? super R> subscriber) {
        this.callerExecutor = callerExecutor;
        this.subscriber = subscriber;
    }

    /** The subscriber of a call that is its own {@code Uni}; before its dispatch. */
    void answerTo(UniSubscriber<? super R> subscriber) {
        this.subscriber = subscriber;
    }

    /**
     * Sends the outcome to the subscriber: through the caller's executor when there is one; on this thread when it
     * is a lane or a caller. On one of the pool's control threads it first goes to the pool's answer threads, and the
     * caller's executor is called from there: an executor may run the answer in place ({@code Runnable::run}, a
     * saturated pool under {@code CallerRunsPolicy}), and the continuation must not hold back the watchdog. An executor
     * that says it never does ({@link CallerExecutor#neverRunsInPlace}) is called at once.
     */
    void answer(Object value, Throwable error) {
        Executor executor = callerExecutor;
        boolean onControlThread = Thread.currentThread() instanceof ControlThread;
        if (executor == null && !onControlThread) {
            deliver(value, error);
            return;
        }
        outcome = error == null ? value : error;
        failed = error != null;
        if (onControlThread && !UserCode.neverRunsInPlace(executor)) {
            UserCode.run(executor == null ? this : this::throughCallersExecutor);
        } else {
            throughCallersExecutor();
        }
    }

    private void throughCallersExecutor() {
        try {
            callerExecutor.execute(this);
        } catch (Throwable refused) {
            // closed or broken: the answer goes out here rather than never, but off a control thread
            UserCode.run(this);
        }
    }

    /** Delivery on the caller's executor or an answer thread; an executor that runs it twice delivers once. */
    @Override
    public void run() {
        if (HANDED_OUT.compareAndSet(this, false, true)) {
            Object delivered = outcome;
            deliver(failed ? null : delivered, failed ? (Throwable) delivered : null);
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Object value, Throwable error) {
        UniSubscriber<? super R> subscriber = this.subscriber;
        // a Uni kept for later subscriptions keeps nothing of this one's
        this.subscriber = null;
        outcome = null;
        try {
            if (error == null) {
                subscriber.onItem((R) value);
            } else {
                subscriber.onFailure(error);
            }
        } catch (Throwable subscriberFailure) {
            // a subscriber must not throw (Reactive Streams rule 2.13); one that does is reported, and the thread
            // that answered (a lane, the caller) goes on
            UserCode.dropped(subscriberFailure);
        }
    }
}
