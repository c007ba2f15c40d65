package io.quarkiverse.knitting.engine;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fails every call left in a queue whose consumer has left for good. Producers that raced the consumer's exit and
 * the exiting consumer itself may all drain; the claim keeps the queue single-consumer while they do.
 */
final class ClosedDrain {

    private final AtomicBoolean claim = new AtomicBoolean();

    void drain(Queue<Call<?, ?>> queue, Pool pool) {
        while (claim.compareAndSet(false, true)) {
            try {
                Call<?, ?> call;
                while ((call = queue.poll()) != null) {
                    call.fail(pool.closedError());
                    call.retire();
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
