package io.quarkiverse.knitting.engine;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fails every call left in a queue whose consumer has left for good. Producers that raced the consumer's exit and
 * the exiting consumer itself may all drain; the claim keeps the queue single-consumer while they do.
 */
final class ClosedDrain {

    private final Queue<Call<?, ?>> queue;
    private final Pool pool;
    private final AtomicBoolean claim = new AtomicBoolean();

    ClosedDrain(Queue<Call<?, ?>> queue, Pool pool) {
        this.queue = queue;
        this.pool = pool;
    }

    /** Fails every queued call with the pool's closed error; safe from any thread once the consumer has left. */
    void drain() {
        while (claim.compareAndSet(false, true)) {
            try {
                Call<?, ?> call;
                while ((call = queue.poll()) != null) {
                    // one a stand-in started out of this queue runs there (Pool#rescueFromIdleLane)
                    call.failIfQueued(pool.closedError(), TaskMeter.Outcome.FAILED);
                }
            } finally {
                claim.set(false);
            }
            if (queue.isEmpty()) {
                return;
            }
        }
    }
}
