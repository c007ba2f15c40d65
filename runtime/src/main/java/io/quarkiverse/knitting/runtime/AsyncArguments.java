package io.quarkiverse.knitting.runtime;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.interceptor.InvocationContext;

/**
 * The arguments of one intercepted call of a task with {@code Uni} or {@code CompletionStage} parameters, as the
 * caller passed them. Every subscription of the returned {@code Uni} (and every {@code @Retry} attempt, which re-enters
 * the interceptor with the same invocation context) resolves these, never what an earlier subscription resolved.
 * <p>
 * The invocation context holds one parameter array for all of them, and the bean method reads its arguments from
 * there: a body sets its resolved values into it. So the bodies of one intercepted call take {@link Turn turns}: a
 * subscription whose parameters have resolved is dispatched only once the bodies of those before it have ended (or
 * will never run). It waits as a call whose argument is pending, holding no lane; one that gives up while it waits
 * (cancelled, timed out) is skipped when its turn comes.
 */
final class AsyncArguments {

    private static final String KEY = AsyncArguments.class.getName();

    final Object[] original;
    /** Turns waiting for the right to dispatch, in order; guarded by this. */
    private final ArrayDeque<Turn> waiting = new ArrayDeque<>();
    /** Whether a turn holds the right (dispatched, its body not ended yet); guarded by this. */
    private boolean held;

    private AsyncArguments(Object[] original) {
        this.original = original;
    }

    /** Those of {@code context}; call on the intercepting thread, before any body of this call can run. */
    static AsyncArguments of(InvocationContext context) {
        Map<String, Object> data = context.getContextData();
        AsyncArguments arguments = (AsyncArguments) data.get(KEY);
        if (arguments == null) {
            arguments = new AsyncArguments(context.getParameters());
            data.put(KEY, arguments);
        }
        return arguments;
    }

    /** A turn for one subscription; it takes its place in line with {@link Turn#line()}. */
    Turn newTurn() {
        return new Turn(this);
    }

    /** {@code turn} gets the right now, or when the turns before it are over. */
    private void line(Turn turn) {
        boolean now;
        synchronized (this) {
            now = !held;
            if (now) {
                held = true;
            } else {
                waiting.add(turn);
            }
        }
        if (now && !turn.grant()) {
            passOn(); // given up before it got in line
        }
    }

    /**
     * The turn holding the right is over: the next one still waiting gets it. Iterative, and the grant completes
     * outside the lock: a thousand turns given up while one body ran do not make a thousand nested completions.
     */
    private void passOn() {
        for (;;) {
            Turn next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    held = false;
                    return;
                }
            }
            if (next.grant()) {
                return;
            }
            // given up while it waited: the right goes further
        }
    }

    /** One subscription's right to run its body with its own parameters in the shared invocation context. */
    static final class Turn {

        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int BODY = 2;
        /** The body returned and puts the caller's arguments back; the turn is over once it has. */
        private static final int ENDING = 3;
        private static final int OVER = 4;

        private final AsyncArguments owner;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** Completes when this turn may be dispatched. */
        final CompletableFuture<Void> granted = new CompletableFuture<>();

        private Turn(AsyncArguments owner) {
            this.owner = owner;
        }

        /** The caller's arguments. */
        Object[] original() {
            return owner.original;
        }

        /** Once its parameters have resolved: it may be dispatched once {@link #granted} has completed. */
        void line() {
            owner.line(this);
        }

        /** Gives this turn the right; false when it was given up while it waited. */
        private boolean grant() {
            if (state.compareAndSet(WAITING, GRANTED)) {
                granted.complete(null);
                return true;
            }
            return false;
        }

        /** On the lane, before the body; false when the call was settled first (the body must not run). */
        boolean begin() {
            return state.compareAndSet(GRANTED, BODY);
        }

        /**
         * After the body, outside its contexts: runs {@code restore} (the caller's arguments back into the shared
         * invocation context) and passes the turn on; nothing when the body did not begin, or when the hard timeout
         * ended the turn first, whose successor's arguments {@code restore} must not overwrite.
         */
        void end(Runnable restore) {
            if (state.compareAndSet(BODY, ENDING)) {
                try {
                    restore.run();
                } finally {
                    state.set(OVER);
                    owner.passOn();
                }
            }
        }

        /** The hard timeout abandoned the body: its turn is over now, not when (if ever) it returns. */
        void abandonRunaway() {
            if (state.compareAndSet(BODY, OVER)) {
                owner.passOn();
            } else {
                abandon();
            }
        }

        /**
         * The call was settled (at any time, before it got in line too): a body that has not begun never will; a
         * turn that held the right passes it on.
         */
        void abandon() {
            for (;;) {
                int now = state.get();
                if (now == BODY || now == ENDING || now == OVER) {
                    return;
                }
                if (state.compareAndSet(now, OVER)) {
                    if (now == GRANTED) {
                        owner.passOn();
                    }
                    return; // a waiting turn is skipped when it comes up
                }
            }
        }
    }
}
