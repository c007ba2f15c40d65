package io.quarkiverse.knitting.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.smallrye.mutiny.Uni;

/** Runs a call's body and settles the call with what it produced: item, failure, or payload error. */
final class BodyRunner {

    /** How often a lane awaiting an async result looks at the call's abort flag. */
    private static final long ABORT_CHECK_MILLIS = 5;

    private final PayloadGuard payloadGuard;

    BodyRunner(PayloadGuard payloadGuard) {
        this.payloadGuard = payloadGuard;
    }

    /**
     * On a worker lane: an async result is awaited on the lane, which stays busy until it settles. The lane is
     * released before the caller hears the answer, so a caller that calls again at once finds it idle; returns
     * what {@link WorkerLane#release} said.
     */
    boolean runOnLane(Call<?, ?> call, WorkerThread self, WorkerLane lane) {
        // written only for abortable calls: a store into the thread object on every call could land on a cache line
        // that a caller reads on every dispatch, and make the two cores pass it back and forth
        boolean abortable = call.task.abortable;
        if (abortable) {
            self.signal = call;
        }
        Object result = null;
        Throwable failure = null;
        try {
            result = invoke(call);
            if (result instanceof Uni || result instanceof CompletionStage) {
                result = await(call, toFuture(result));
            }
        } catch (AsyncFailure asyncFailure) {
            failure = asyncFailure.getCause();
        } catch (Throwable bodyFailure) {
            failure = bodyFailure; // the body's own exception reaches the caller unchanged
        } finally {
            if (abortable) {
                self.signal = null;
            }
        }
        boolean kept = lane.release(call);
        if (failure == null) {
            long size = payloadGuard.sizeOf(result);
            if (size > payloadGuard.limit()) {
                failure = payloadGuard.tooLarge("result of " + call.task, size);
            }
        }
        if (call.settleRunning()) { // counted on the lane: no shared counter on the hot path
            lane.countSettled(failure == null);
            call.task.leave();
            call.answer(result, failure);
        }
        return kept;
    }

    /**
     * On the inline lane: the caller's thread must not block, so an async result settles the call when it ends.
     * {@code release} runs before the answer.
     */
    void runInline(Call<?, ?> call, Runnable release) {
        Object result;
        try {
            result = invoke(call);
        } catch (Throwable failure) {
            release.run();
            call.fail(failure);
            return;
        }
        if (result instanceof Uni || result instanceof CompletionStage) {
            toFuture(result).whenComplete((value, failure) -> {
                release.run();
                if (failure == null) {
                    finish(call, value);
                } else {
                    call.fail(unwrap(failure));
                }
            });
            return;
        }
        release.run();
        finish(call, result);
    }

    @SuppressWarnings("unchecked")
    private static <A> Object invoke(Call<A, ?> call) throws Exception {
        return call.task.invoke(call.argument());
    }

    private void finish(Call<?, ?> call, Object result) {
        long size = payloadGuard.sizeOf(result);
        if (size > payloadGuard.limit()) {
            call.fail(payloadGuard.tooLarge("result of " + call.task, size));
        } else {
            call.complete(result);
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> toFuture(Object async) {
        if (async instanceof Uni<?> uni) {
            return (CompletableFuture<Object>) uni.subscribeAsCompletionStage();
        }
        return ((CompletionStage<Object>) async).toCompletableFuture();
    }

    /** Blocks the lane until the async result settles, giving up when the call is aborted. */
    private static Object await(Call<?, ?> call, CompletableFuture<Object> future) throws InterruptedException {
        for (;;) {
            try {
                return future.get(ABORT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException failed) {
                throw new AsyncFailure(unwrap(failed));
            } catch (TimeoutException stillRunning) {
                if (call.hasAborted()) {
                    future.cancel(true);
                    throw new CancellationException("aborted while awaiting the result of " + call.task);
                }
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Carries the failure of an awaited result past the catch that keeps the body's own exceptions unchanged. */
    private static final class AsyncFailure extends RuntimeException {
        AsyncFailure(Throwable cause) {
            super(null, cause, false, false);
        }
    }
}
