package io.quarkiverse.knitting.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.quarkiverse.knitting.AbortSignal;

/**
 * The lane that runs calls on the caller's side. A call that carries the caller's executor (its event-loop context)
 * joins that executor's batch and runs there, at most {@code batch-size} per turn; a call without one runs at once on
 * the calling thread. Its calls see an abort signal that never aborts.
 */
final class InlineLane implements Lane {

    private final Pool pool;
    private final int index;
    private final int batchSize;
    private final LongAdder completed = new LongAdder();
    private final Consumer<Call<?, ?>> bodyEnded;
    /**
     * Calls waiting in a batch for their caller's turn. Whoever removes a call from here runs it (its turn) or moves
     * it (a shutdown: {@link #closeBatches}), once.
     */
    private final Set<Call<?, ?>> batched = ConcurrentHashMap.newKeySet();
    /**
     * The batch the current thread is filling, for the batch key it last used. A batch holds no reference back to
     * this lane (its calls find their lane through their pool), so the thread-local map of a long-lived thread (an
     * event loop) does not keep a closed pool reachable.
     */
    private final ThreadLocal<InlineBatch> batches = new ThreadLocal<>();
    /** The pool whose inline body runs on this thread now; set only while a body runs, so it keeps nothing alive. */
    private static final ThreadLocal<Pool> BODY_RUNNING_HERE = new ThreadLocal<>();

    InlineLane(Pool pool, int index, int batchSize) {
        this(pool, index, batchSize, null);
    }

    /** {@code bodyEnded}: told when each body run here ends, before its answer (a stand-in's runner); or null. */
    InlineLane(Pool pool, int index, int batchSize, Consumer<Call<?, ?>> bodyEnded) {
        this.pool = pool;
        this.index = index;
        this.batchSize = batchSize;
        this.bodyEnded = bodyEnded;
    }

    @Override
    public int index() {
        return index;
    }

    /** The caller's side is always at hand. */
    @Override
    public boolean isIdle() {
        return true;
    }

    @Override
    public long bodiesEnded() {
        return completed.sum();
    }

    /** Whether {@link #submit} would run the call on this thread rather than in a batch on its caller's executor. */
    boolean wouldRunHere(Call<?, ?> call) {
        return UserCode.batchKeyOf(call.callerExecutor) == null;
    }

    @Override
    public void submit(Call<?, ?> call) {
        Executor executor = call.callerExecutor;
        Object key = UserCode.batchKeyOf(executor);
        if (key == null) {
            run(call); // the caller is not on a thread that runs turns: the call runs here, as the caller's own code
            return;
        }
        InlineBatch batch = batches.get();
        if (batch == null || batch.key != key) {
            batch = new InlineBatch(UserCode.turnExecutorOf(executor), key, batchSize);
            batches.set(batch);
        }
        batched.add(call);
        if (pool.isShutdown() && takeFromBatch(call)) {
            closeBatched(call, pool.lifecycle.isGraceful()); // the shutdown's sweep of the batches may have passed it
            return;
        }
        batch.add(call);
    }

    /** A batch's turn runs one of its calls, unless a shutdown took it first. */
    void runFromBatch(Call<?, ?> call) {
        if (takeFromBatch(call)) {
            run(call);
        }
    }

    /**
     * The pool closes: calls still waiting for their caller's turn are not left to it (the caller's executor may never
     * run it, or be the thread that closes the pool and waits). A graceful shutdown moves them to worker lanes, which
     * run them before they stop; an immediate one fails them now, as it fails queued calls.
     */
    void closeBatches(boolean graceful) {
        for (Call<?, ?> call : batched) {
            if (takeFromBatch(call)) {
                closeBatched(call, graceful);
            }
        }
    }

    private void closeBatched(Call<?, ?> call, boolean graceful) {
        if (graceful) {
            pool.lanes.pickWorker().submit(call);
        } else {
            call.failIfQueued(pool.closedError(), TaskMeter.Outcome.FAILED); // not one a stand-in took meanwhile
        }
    }

    private boolean takeFromBatch(Call<?, ?> call) {
        return batched.remove(call);
    }

    /**
     * Runs one call here and now; a call settled while it waited in a batch is skipped. After an immediate shutdown,
     * or one that has ended (a call admitted just before it, which reached its batch just after), it fails as closed.
     */
    void run(Call<?, ?> call) {
        if (pool.isStoppingNow() || pool.lifecycle.isTerminating()) {
            call.failIfQueued(pool.closedError(), TaskMeter.Outcome.FAILED); // not one a stand-in took meanwhile
            return;
        }
        long now = call.rejectIfWaitedTooLong();
        if (now != Call.REJECTED && call.start()) {
            pool.queued.leave();
            runStarted(call, now, null);
        }
    }

    /**
     * Runs here a call started out of its queue by another thread ({@link Call#startOutsideItsQueue}), unless it was
     * settled meanwhile (cancelled, timed out).
     */
    void runStarted(Call<?, ?> call) {
        if (!refusesToRun(call) && !call.isSettled()) {
            runStarted(call, 0, null);
        }
    }

    /**
     * Runs here a call its dispatch accepted in place ({@link Call#acceptInPlace}) and listed in {@code listed}: it
     * never waited in a queue.
     */
    void runInPlace(Call<?, ?> call, InPlaceCalls listed) {
        if (!refusesToRun(call) && call.stillToRunInPlace()) {
            runStarted(call, 0, listed);
        }
    }

    private boolean refusesToRun(Call<?, ?> call) {
        if (pool.isStoppingNow() || pool.lifecycle.isTerminating()) {
            call.fail(pool.closedError());
            return true;
        }
        return false;
    }

    /** {@code listed}: where a call run in place is listed, or null. */
    private void runStarted(Call<?, ?> call, long now, InPlaceCalls listed) {
        if (pool.stampsStart(call)) {
            pool.stampStart(call, now); // the hard timeout of an output it may return counts from here
        }
        Object produced = runBody(call);
        finish(call, false, listed != null ? listed.answerable(produced) : produced);
        if (call.timed) {
            pool.stampEnd(call);
        }
    }

    /** The pool whose inline call runs its body on this thread now, or null. */
    static Pool bodyRunningHere() {
        return BODY_RUNNING_HERE.get();
    }

    /**
     * Runs an inline body. On a worker thread of another pool (a body there called this pool), that worker's abort
     * signal is not this call's: the inline body sees one that never aborts, like every inline call.
     */
    private Object runBody(Call<?, ?> call) {
        Pool outer = BODY_RUNNING_HERE.get(); // an inline body of another pool that called this one inline
        BODY_RUNNING_HERE.set(pool);
        WorkerThread worker = Thread.currentThread() instanceof WorkerThread thread ? thread : null;
        AbortSignal outerSignal = worker != null ? worker.signal : null;
        if (outerSignal != null) {
            worker.signal = null;
        }
        try {
            return pool.bodyRunner.run(call, false); // an inline call holds no lane to free for its output
        } finally {
            if (outerSignal != null) {
                worker.signal = outerSignal;
            }
            if (outer == null) {
                BODY_RUNNING_HERE.remove();
            } else {
                BODY_RUNNING_HERE.set(outer);
            }
        }
    }

    @Override
    public boolean endBody(Call<?, ?> call, boolean holdsLane) {
        completed.increment();
        if (bodyEnded != null) {
            bodyEnded.accept(call);
        }
        return true;
    }

    @Override
    public void count(boolean ok, boolean byConsumer) {
        if (ok) {
            pool.counters.completed();
        } else {
            pool.counters.failed();
        }
    }
}
