package io.quarkiverse.knitting.engine;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkiverse.knitting.HardTimeoutException;

/**
 * Calls whose body returned a {@code Uni} or {@code CompletionStage} that had not completed: they hold no lane while
 * they wait, yet the pool still answers for them. The hard timeout fails those waiting too long, an immediate
 * shutdown fails them all, and a graceful shutdown completes only once none is left.
 * <p>
 * Contract: any thread adds and forgets (a call is forgotten by whoever settles it); the watchdog and shutdown scan.
 */
final class AwaitedOutputs {

    private final Pool pool;
    private final Set<Call<?, ?>> calls = ConcurrentHashMap.newKeySet();

    AwaitedOutputs(Pool pool) {
        this.pool = pool;
    }

    /**
     * The body of {@code call} returned {@code output}, not complete yet: the call settles when it completes, and
     * settling the call first (a timeout, a cancel, shutdown) cancels it.
     */
    void await(Call<?, ?> call, CompletableFuture<Object> output) {
        call.awaitedOutput(output);
        calls.add(call);
        if (call.isSettled()) { // settled before the output was known: it missed the cancel
            forget(call);
            cancel(output);
        } else if (pool.isStoppingNow() || pool.lifecycle.isTerminating()) { // the stop failed the others already
            call.fail(pool.closedError());
        }
    }

    /** The call settled, by whoever won: it no longer waits, and an output still pending is cancelled. */
    void settled(Call<?, ?> call, CompletableFuture<Object> output) {
        forget(call);
        if (!output.isDone()) {
            cancel(output);
        }
    }

    private void forget(Call<?, ?> call) {
        if (calls.remove(call) && calls.isEmpty()) {
            pool.mayTerminate();
        }
    }

    /** Cancels an output no call waits for any more; its cancellation hooks are user code. */
    private static void cancel(CompletableFuture<Object> output) {
        UserCode.run(() -> output.cancel(false));
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /** Fails every call still waiting for its output; its output is cancelled. */
    void failAll() {
        for (Call<?, ?> call : calls) {
            call.fail(pool.closedError());
        }
    }

    /** Fails the calls that started more than the hard timeout ago; no lane is stuck, so no policy applies. */
    void failOverdue(long now, long hardNanos, long hardMillis) {
        for (Call<?, ?> call : calls) {
            if (now - call.hardTimeoutFrom() >= hardNanos) {
                call.fail(new HardTimeoutException("Call of " + call.task + " waited for the output its body returned "
                        + "longer than the hard timeout of " + hardMillis + " ms (worker.hard-timeout-ms); "
                        + "no lane was stuck, none restarted"), TaskMeter.Outcome.HARD_TIMEOUT);
            }
        }
    }
}
