package io.quarkiverse.knitting.runtime;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.interceptor.InvocationContext;

/**
 * The arguments of one intercepted call of a task with {@code Uni} or {@code CompletionStage} parameters, as the
 * caller passed them. Every subscription of the returned {@code Uni} (and every {@code @Retry} attempt, which re-enters
 * the interceptor with the same invocation context) resolves these, never what an earlier subscription resolved.
 * <p>
 * The invocation context holds one parameter array for all of them, and the bean method reads its arguments from
 * there: a body sets its resolved values into it. So the bodies of one intercepted call take {@link Turn turns}: a
 * subscription whose parameters have resolved is dispatched only once the bodies of those before it have ended (or
 * will never run). It waits as a call whose argument is pending, holding no lane.
 */
final class AsyncArguments {

    private static final String KEY = AsyncArguments.class.getName();

    final Object[] original;
    /** Over when the body of the latest turn taken, and of every turn before it, has ended or will never run. */
    private final AtomicReference<CompletableFuture<Void>> lastTurnOver =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

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

    /** The next turn; its body may begin once {@link Turn#previousOver()} has completed. */
    Turn nextTurn() {
        Turn turn = new Turn();
        CompletableFuture<Void> previous = lastTurnOver.getAndSet(turn.over);
        turn.previousOver = previous;
        CompletableFuture.allOf(previous, turn.ended).whenComplete((ignored, failure) -> turn.over.complete(null));
        return turn;
    }

    /** One subscription's right to run its body with its own parameters in the shared invocation context. */
    static final class Turn {

        private static final int WAITING = 0;
        private static final int BODY = 1;
        private static final int NEVER = 2;

        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** Its body has ended, or will never run. */
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        /** This turn and every one before it are over. */
        private final CompletableFuture<Void> over = new CompletableFuture<>();
        private CompletableFuture<Void> previousOver;

        /**
         * Completes when every earlier turn is over. A copy: cancelling what waits for it (a cancelled call) must not
         * touch the chain.
         */
        CompletableFuture<Void> previousOver() {
            return previousOver.copy();
        }

        /** On the lane, before the body; false when the call was settled first (the body must not run). */
        boolean begin() {
            return state.compareAndSet(WAITING, BODY);
        }

        /** After a body that began. */
        void end() {
            ended.complete(null);
        }

        /** The call was settled: a body that has not begun never will. */
        void abandon() {
            if (state.compareAndSet(WAITING, NEVER)) {
                ended.complete(null);
            }
        }
    }
}
