package io.quarkiverse.knitting.engine;

import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The calls run in place on one thread (a lane's worker, a stand-in), innermost first: the hard timeout and an
 * immediate shutdown read them from other threads to fail them with the call that made them.
 * <p>
 * A call is listed before its dispatch accepts it and unlisted once its body has run. A stack overflow in between,
 * in its body or in the engine's frames, with too little stack left to answer it where it is caught
 * ({@link StackReserve#tooLowToAnswer}: settling could overflow halfway, the state changed, the slot and counts not
 * yet given back), goes up to the body that made the call and leaves the call listed; the thread answers it at the
 * bottom of its stack, where there is room ({@link #answerLeftBehind}). Only the owning thread lists, unlists and
 * answers.
 */
final class InPlaceCalls implements Iterable<Call<?, ?>> {

    /** How deep in place calls nest before each further one checks the stack: composing tasks stays free. */
    static final int CHECKED_FROM = 16;

    private final Deque<Call<?, ?>> calls = new ConcurrentLinkedDeque<>();
    /** Listed and not unlisted: a plain field, so checking for calls left behind costs the hot path one read. */
    private int listed;
    /** The stack overflow that left calls behind ({@link #throwUpIfTooLowToAnswer}); they are answered with it. */
    private Throwable overflow;

    void list(Call<?, ?> call) {
        listed++;
        calls.push(call);
    }

    void unlist(Call<?, ?> call) {
        calls.remove(call);
        listed--;
    }

    /**
     * Whether this thread, running calls in place {@value #CHECKED_FROM} deep or more, has too little stack left to
     * run one more: it is refused with a {@link StackOverflowError} before anything about it is counted, so the
     * overflow of a recursion through the pool strikes in the bodies, never inside the engine's frames.
     */
    boolean leavesTooLittleStack() {
        return listed >= CHECKED_FROM && StackReserve.isLow();
    }

    /**
     * Throws {@code error} up to the body that made the call running in place here, as a plain method call's overflow
     * would go, when it is a stack overflow with too little stack left to answer the call where it was caught
     * (settling could overflow halfway through); the call stays listed and {@link #answerLeftBehind} answers it with
     * {@code error}. Returns otherwise: an overflow deep in a body's own frames has unwound them by the time it is
     * caught, and is answered as any failure.
     */
    void throwUpIfTooLowToAnswer(Throwable error) {
        if (error instanceof StackOverflowError edge && StackReserve.tooLowToAnswer()) {
            overflow = edge;
            throw edge;
        }
    }

    /** What a body run in place produced, once {@link #throwUpIfTooLowToAnswer} has seen its failure, if any. */
    Object answerable(Object produced) {
        if (produced instanceof BodyRunner.Failure failure) {
            throwUpIfTooLowToAnswer(failure.error());
        }
        return produced;
    }

    /** Calls running in place on this thread now, one inside the other. */
    int depth() {
        return listed;
    }

    /** The innermost call running in place now, or null. */
    Call<?, ?> innermost() {
        return calls.peekFirst();
    }

    @Override
    public Iterator<Call<?, ?>> iterator() {
        return calls.iterator();
    }

    /**
     * Called by the owning thread once the call at the bottom of its stack has run: fails the calls an escaping error
     * left behind (a no-op for those answered meanwhile), so that each is answered and what it held goes back.
     */
    void answerLeftBehind() {
        if (listed == 0) {
            if (overflow != null) {
                overflow = null; // struck after its call was unlisted: nothing left to answer with it
            }
            return;
        }
        Throwable error = overflow;
        for (Call<?, ?> call; (call = calls.pollFirst()) != null;) {
            call.acceptInPlace(); // listed, then the error struck before its dispatch accepted it
            call.fail(error != null ? error : new IllegalStateException("Call of " + call.task + " ran in place and "
                    + "an error escaped the engine before it was answered: see the failure of its caller"));
        }
        listed = 0;
        overflow = null;
    }
}
