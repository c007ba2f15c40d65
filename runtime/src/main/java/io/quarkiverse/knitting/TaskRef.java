package io.quarkiverse.knitting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.smallrye.mutiny.Uni;

/**
 * A task registered on a pool. Each subscription to the {@code Uni} returned by {@link #call} is one dispatch.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
public interface TaskRef<A, R> {

    /** The name the task was registered under. */
    String name();

    /** The task's 16-bit id within its pool (0..65535). */
    int id();

    /** The options the task was registered with. */
    TaskOptions options();

    /**
     * A lazy call: subscribing dispatches it to a lane. An argument that is a {@code Uni} or {@code CompletionStage}
     * is resolved before dispatch; if it fails, the call fails with that failure and the task never runs. The result
     * is emitted on the thread that finished the call.
     */
    Uni<R> call(A argument);

    /**
     * A lazy call whose result (and, on the inline lane, whose body) runs on {@code callerExecutor}: the caller's
     * event-loop context, for example. {@code null} means the same as {@link #call(Object)}.
     */
    Uni<R> call(A argument, Executor callerExecutor);

    /**
     * A lazy call whose argument is produced by {@code argument}, subscribed once per subscription to the returned
     * {@code Uni}: the call is dispatched when it emits; if it fails, the call fails with that failure and the task
     * never runs; if the pool shuts down first, the call fails with {@link PoolClosedException}. Cancelling the call
     * while the argument is pending cancels the argument.
     */
    Uni<R> callWith(Uni<? extends A> argument, Executor callerExecutor);

    /**
     * A lazy batch: subscribing runs the task once for each argument and emits the results in the order of the
     * arguments. The arguments are split into one contiguous share per worker lane, and each share is a single call
     * that runs its arguments one after the other: the batch pays for as many dispatches as there are lanes, not as
     * there are arguments. The task's options apply to each share (a {@code timeoutMs} bounds a share, not one
     * argument, and a share that times out fails the batch); the hard timeout watches each argument. {@code PoolStats}
     * and the task meters count shares. The first failure fails the batch; the arguments after it in its share do not
     * run, other shares run to their end. Cancelling the batch cancels every share, which stop before their next
     * argument. The list is copied when this is called; each subscription is a batch of its own. It takes values: a
     * {@code Uni} or {@code CompletionStage} in the list fails the batch with {@code IllegalArgumentException}.
     */
    default Uni<List<R>> callAll(List<? extends A> arguments) {
        List<Uni<R>> calls = new ArrayList<>(arguments.size());
        for (A argument : arguments) {
            calls.add(call(argument));
        }
        return calls.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(calls).andFailFast();
    }
}
