package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;
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
final class InlineBatch {

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

    /**
     * Schedules a turn unless one is scheduled. An executor that throws (closed, or a caller's executor that fails)
     * gets the turn run here instead, and the next one scheduled in a loop, not by recursion. Exceptions are ambiguous
     * (an executor may have queued the turn and failed after): whichever of the executor and this thread claims the
     * turn first runs it, so the queue never has two consumers.
     */
    private void scheduleIfIdle() {
        while (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
            Turn turn = new Turn();
            try {
                executor.execute(turn);
                return;
            } catch (Throwable refused) {
                if (!turn.claim()) {
                    return; // the executor runs it after all
                }
                runTurn();
            }
        }
    }

    /** Up to {@code batchSize} calls; then the next call, or the turn that follows, schedules what is left. */
    private void runTurn() {
        Call<?, ?> call;
        try {
            for (int ran = 0; ran < batchSize && (call = pending.poll()) != null; ran++) {
                call.task.pool.lanes.inline.runFromBatch(call);
            }
        } finally {
            scheduled.set(false); // whatever happened, the next call schedules a turn
        }
    }

    /** One turn on the caller's executor, run once: by the executor, or by the thread it threw at. */
    private final class Turn extends AtomicBoolean implements Runnable {

        boolean claim() {
            return compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (claim()) {
                runTurn();
                scheduleIfIdle(); // the calls left wait for a turn, not for the next call
            }
        }
    }
}
