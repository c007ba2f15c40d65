package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * Inline calls waiting for a turn of one caller executor (or of executors sharing a batch key: the turn runs on
 * the first one's). At most one turn is scheduled at a time
 * ({@code scheduled}); a turn runs up to {@code batchSize} calls and schedules the next turn if calls remain, so a
 * burst of inline calls never holds the event loop for long.
 * <p>
 * It keeps no reference to its lane or pool beyond the calls waiting in it: it lives in a thread-local of the
 * submitting thread, and an idle batch must not keep a closed pool reachable.
 */
final class InlineBatch implements Runnable {

    final Object key;
    private final Executor executor;
    private final int batchSize;
    private final MpscUnboundedAtomicArrayQueue<Call<?, ?>> pending = new MpscUnboundedAtomicArrayQueue<>(64);
    private final AtomicBoolean scheduled = new AtomicBoolean();

    InlineBatch(Executor executor, Object key, int batchSize) {
        this.executor = executor;
        this.key = key;
        this.batchSize = batchSize;
    }

    void add(Call<?, ?> call) {
        pending.offer(call);
        scheduleIfIdle();
    }

    private void scheduleIfIdle() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException closedExecutor) {
                run();
            }
        }
    }

    /** One turn on the caller's executor. */
    @Override
    public void run() {
        Call<?, ?> call;
        try {
            for (int ran = 0; ran < batchSize && (call = pending.poll()) != null; ran++) {
                call.task.pool.lanes.inline.run(call);
            }
        } finally {
            scheduled.set(false); // whatever happened, the next call schedules a turn
        }
        if (!pending.isEmpty()) {
            scheduleIfIdle();
        }
    }
}
