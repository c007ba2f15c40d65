package io.quarkiverse.knitting.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

import io.smallrye.mutiny.Uni;

/**
 * Runs a started call's body on the current thread and settles the call with what it produced: an item, a failure,
 * a payload error, or, when the body returned an output that is still pending, nothing yet (the output settles the
 * call when it completes, and the lane is free meanwhile).
 * <p>
 * Whatever throws here (the body, subscribing to its output, measuring its result, the subscriber hearing the
 * answer) fails this one call: nothing escapes to the thread that runs it.
 */
final class BodyRunner {

    private final PayloadGuard payloadGuard;

    BodyRunner(PayloadGuard payloadGuard) {
        this.payloadGuard = payloadGuard;
    }

    /**
     * Runs the body of {@code call}, started on {@code lane}. The lane hears that the body ended before the answer
     * goes out, so a caller that calls again at once finds it free; returns what {@link Lane#bodyEnded} said.
     */
    boolean run(Call<?, ?> call, Lane lane, boolean holdsLane) {
        Object result = null;
        Throwable failure = null;
        CompletableFuture<Object> output = null;
        try {
            result = invoke(call);
        } catch (Throwable bodyFailure) {
            failure = bodyFailure; // the body's own exception reaches the caller unchanged
        }
        if (failure == null) {
            try {
                if (result instanceof Uni || result instanceof CompletionStage) {
                    output = subscribe(result);
                    if (output.isDone()) {
                        result = output.join();
                        output = null;
                    }
                }
                if (output == null) {
                    measure(call, result);
                }
            } catch (Throwable outputFailure) {
                failure = unwrap(outputFailure);
                output = null;
            }
        }
        call.argument(null);
        boolean kept = lane.bodyEnded(call, holdsLane);
        if (output != null) {
            call.awaitOutput(output);
            output.whenComplete(new OutputEnd(call, this));
        } else if (call.settleRunning()) {
            lane.countSettled(failure == null);
            call.answer(result, failure);
        }
        return kept;
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
     * Subscribes to the body's output. Tasks of this pool that the output calls are dispatched to the lanes as usual
     * (not run in place, as calls made from inside a body are): this lane is free while the output is pending.
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
