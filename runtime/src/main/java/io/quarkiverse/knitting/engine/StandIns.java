package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a call whose argument arrived while the body that made it still runs, when no lane other than that body's is
 * idle to take it (see {@link PendingArgument}). Queued behind a busy lane, the call could wait for ever: the body on
 * that lane may be the one waiting for it, or wait in turn for a call queued behind the first. A stand-in runs it at
 * once on a thread of its own ({@code knitting-<pool>-standin-<n>}), as the body that made it would have run it in
 * place had the argument been at hand; calls that body makes run in place on the same thread. Like an inline call, a
 * stand-in call never sees an abort and the hard timeout's runaway guard does not cover it; its soft timeout and
 * cancel deadline do. The pool terminates only once no stand-in call runs.
 */
final class StandIns {

    private final Pool pool;
    private final PoolThreads owner;
    private final Executor threads;
    /** Runs a call as the inline lane does, on the thread at hand; it is no lane of the balancer's. */
    private final InlineLane runner;
    /** Calls handed to a stand-in and not yet run. */
    private final AtomicInteger active = new AtomicInteger();

    StandIns(Pool pool, PoolThreads owner) {
        this.pool = pool;
        this.owner = owner;
        this.threads = owner.standIns();
        this.runner = new InlineLane(pool, -1, 1);
    }

    /** Runs {@code call} on a stand-in thread, one made for it when none is free. */
    void run(Call<?, ?> call) {
        active.incrementAndGet();
        try {
            threads.execute(() -> runHere(call));
        } catch (RuntimeException refused) { // stopped: the pool has terminated since the call was admitted
            call.fail(pool.closedError());
            ended();
        }
    }

    /** Whether this thread is one of this pool's stand-ins running a body: a call made here runs in place. */
    boolean runsABodyHere() {
        return StandInThread.runningABodyOf(owner) != null;
    }

    /** Whether this thread is one of this pool's stand-ins, which cannot wait for the pool to terminate. */
    boolean isStandInHere() {
        return Thread.currentThread() instanceof StandInThread self && self.owner == owner;
    }

    /** A call made by the body a stand-in runs here: it runs in place, inside that body's turn. */
    void runInPlace(Call<?, ?> call) {
        runner.run(call);
    }

    /** Whether no call is handed to a stand-in now. */
    boolean noneActive() {
        return active.get() == 0;
    }

    private void runHere(Call<?, ?> call) {
        StandInThread self = (StandInThread) Thread.currentThread();
        self.running = call;
        try {
            runner.run(call);
        } finally {
            self.running = null;
            ended();
        }
    }

    private void ended() {
        if (active.decrementAndGet() == 0 && pool.isShutdown()) {
            pool.mayTerminate();
        }
    }
}
