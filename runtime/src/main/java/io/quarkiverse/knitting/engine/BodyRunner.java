package io.quarkiverse.knitting.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

import io.smallrye.mutiny.Uni;

/**
 * Runs a started call's body on the current thread and says what it produced: a value, a failure (the body's, a
 * payload error, or a failing output), or an output still pending. The lane then frees itself and settles the call
 * ({@link Lane#finish}); a pending output settles it when it completes, and the lane is free meanwhile.
 * <p>
 * Whatever throws here (the body, subscribing to its output, measuring its result) fails this one call: nothing
 * escapes to the thread that runs it.
 */
final class BodyRunner {

    private final PayloadGuard payloadGuard;

    BodyRunner(PayloadGuard payloadGuard) {
        this.payloadGuard = payloadGuard;
    }

    /**
     * Runs the body of {@code call} and returns what it produced: its value, a {@link Failure}, or an
     * {@link Awaiting} output. Settles nothing: the lane that ran it frees itself first, then settles it with
     * {@link Lane#finish}. {@code freesItsLane}: whether the lane is free while the output the body returns is
     * pending (false for a call run in place inside another body, whose lane that body still holds).
     */
    Object run(Call<?, ?> call, boolean freesItsLane) {
        Object result;
        try {
            result = invoke(call);
        } catch (Throwable bodyFailure) {
            call.dropArgument();
            return new Failure(bodyFailure); // the body's own exception reaches the caller unchanged
        }
        try {
            if (call.task.asyncResults.isAsync(result)) {
                CompletableFuture<Object> output = freesItsLane ? subscribe(result) : toFuture(result);
                if (!output.isDone()) {
                    return new Awaiting(output);
                }
                result = output.join();
            }
            measure(call, result);
            return result;
        } catch (Throwable outputFailure) {
            return new Failure(unwrap(outputFailure));
        } finally {
            call.dropArgument();
        }
    }

    /** A body that threw, or whose output or result failed. */
    record Failure(Throwable error) {
    }

    /** A body whose output is still pending: the call settles when it completes. */
    record Awaiting(CompletableFuture<Object> output) {
    }

    /** Lets the pending output of a body settle its call when it completes, on whichever thread completes it. */
    void await(Call<?, ?> call, Awaiting awaiting) {
        call.task.pool.outputs.await(call, awaiting.output());
        awaiting.output().whenComplete(new OutputEnd(call, this));
    }

    /** Answers a call its lane has settled with what its body produced. */
    static void answer(Call<?, ?> call, Object produced) {
        if (produced instanceof Failure failure) {
            call.answer(null, failure.error());
        } else {
            call.answer(produced, null);
        }
    }

    @SuppressWarnings("unchecked")
    private static <A> Object invoke(Call<A, ?> call) throws Exception {
        return call.task.invoke(call.argument());
    }

    /** Throws when the result is over the payload limit, or when measuring it throws. */
    private void measure(Call<?, ?> call, Object result) {
        long size = payloadGuard.sizeOf(result);
        if (size > payloadGuard.limit()) {
            throw payloadGuard.tooLarge("result of " + call.task, size);
        }
    }

    /**
     * Subscribes to the output of a body that frees its lane. Tasks of this pool that the output calls are dispatched
     * to the lanes as usual (not run in place, as calls made from inside a body are): this lane is free while the
     * output is pending. During a shutdown they run in place after all: the lanes may be stopping. The output of a call
     * run in place is subscribed without this: the body that made the call holds the lane and may be waiting for the
     * output, so calls it makes run in place too, as that body's own would (queued, they would wait behind that body
     * for good on a lane of their own).
     */
    private static CompletableFuture<Object> subscribe(Object output) {
        if (!(Thread.currentThread() instanceof WorkerThread worker)) {
            return toFuture(output);
        }
        boolean was = worker.forwarding;
        worker.forwarding = true;
        try {
            return toFuture(output);
        } finally {
            worker.forwarding = was;
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> toFuture(Object async) {
        if (async instanceof Uni<?> uni) {
            return (CompletableFuture<Object>) uni.subscribeAsCompletionStage();
        }
        return ((CompletionStage<Object>) async).toCompletableFuture();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Settles a call when the output its body returned completes, on whichever thread completes it. */
    private static final class OutputEnd implements BiConsumer<Object, Throwable> {
        private final Call<?, ?> call;
        private final BodyRunner runner;

        OutputEnd(Call<?, ?> call, BodyRunner runner) {
            this.call = call;
            this.runner = runner;
        }

        @Override
        public void accept(Object value, Throwable failure) {
            if (failure != null) {
                call.fail(unwrap(failure)); // a no-op when the call was settled first and cancelled its output
                return;
            }
            try {
                runner.measure(call, value);
            } catch (Throwable measureFailure) {
                call.fail(measureFailure);
                return;
            }
            call.complete(value);
        }
    }
}
