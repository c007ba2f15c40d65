package io.quarkiverse.knitting.engine;

import java.util.Set;
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

    void add(Call<?, ?> call) {
        calls.add(call);
    }

    void forget(Call<?, ?> call) {
        if (calls.remove(call) && calls.isEmpty()) {
            pool.mayTerminate();
        }
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
            if (now - call.startedAt >= hardNanos) {
                call.fail(new HardTimeoutException("Call of " + call.task + " waited for the output its body returned "
                        + "longer than the hard timeout of " + hardMillis + " ms (worker.hard-timeout-ms); "
                        + "no lane was stuck, none restarted"));
            }
        }
    }
}
