package io.quarkiverse.knitting.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.HardTimeoutPolicy;

/**
 * What the hard timeout does to a call running past it, called by the watchdog: it takes the lane from the stuck
 * worker, settles the call as failed (before the worker is interrupted, so a body that reacts to the interrupt
 * cannot answer first), applies the policy, abandons the worker, and only then answers the caller. It also hands
 * over a lane whose worker is held while it answers a call, with calls waiting ({@link #handOverHeld}).
 */
final class Runaways {

    private static final System.Logger LOG = System.getLogger(Runaways.class.getName());

    private final Pool pool;
    private final WorkerLane[] lanes;
    private final HardTimeoutPolicy policy;
    private final long hardMillis;
    private final PoolThreads threads;
    /** Workers given up on so far, as {@code PoolStats.generation()} reports it. */
    private final AtomicLong generation = new AtomicLong();

    Runaways(Pool pool, WorkerLane[] lanes, HardTimeoutPolicy policy, long hardMillis, PoolThreads threads) {
        this.pool = pool;
        this.lanes = lanes;
        this.policy = policy;
        this.hardMillis = hardMillis;
        this.threads = threads;
    }

    long generation() {
        return generation.get();
    }

    /** Handles every lane, and every stand-in, whose call has run for {@code hardNanos} or more. */
    void scan(long now, long hardNanos) {
        for (WorkerLane lane : lanes) {
            Call<?, ?> call = lane.running();
            if (call != null && now - call.hardTimeoutFrom() >= hardNanos) {
                handle(lane, call);
            }
        }
        pool.standIns.forEachRunaway(now, hardNanos, this::handleStandIn);
    }

    /**
     * A stand-in's call ran past the hard timeout: as on a lane, the call (and what runs in place inside it) fails
     * before the thread is interrupted, and the thread is abandoned (the pool no longer waits for it). Of the policies
     * only {@code shutdown} acts: a stand-in has no lane to hand on or renew.
     */
    private void handleStandIn(StandInThread standIn, Call<?, ?> call) {
        if (!pool.standIns.abandon(standIn, call)) {
            return; // it finished after all
        }
        boolean answers = call.settleFailed(TaskMeter.Outcome.HARD_TIMEOUT);
        List<Call<?, ?>> inside = settleNested(standIn.nested);
        long abandonedIn = generation.incrementAndGet();
        String thread = standIn.getName();
        String abandonedAs = PoolThreads.abandonedName(standIn, abandonedIn);
        try {
            String task = call.task.name();
            pool.tell(observer -> observer.hardTimeout(task, -1, abandonedAs, policy, abandonedIn));
            if (policy == HardTimeoutPolicy.SHUTDOWN) {
                pool.beginShutdown("hard timeout of " + call.task + " under the shutdown policy");
            }
        } finally {
            threads.abandon(standIn, abandonedIn);
            if (answers) {
                call.answer(null, new HardTimeoutException("Call of " + call.task + " ran longer than the hard timeout "
                        + "of " + hardMillis + " ms (worker.hard-timeout-ms) on stand-in thread " + thread));
            }
            for (Call<?, ?> nested : inside) {
                nested.answer(null, new HardTimeoutException("Call of " + nested.task + " ran in place inside "
                        + call.task + ", which ran longer than the hard timeout of " + hardMillis
                        + " ms (worker.hard-timeout-ms) on stand-in thread " + thread));
            }
        }
        LOG.log(System.Logger.Level.WARNING, "knitting pool ''{0}'': {1} ran past the hard timeout on stand-in thread "
                + "{2}; abandoned it", pool.name(), call.task, thread);
    }

    /** Settles the calls the stuck thread runs in place inside the runaway; returns those this settled. */
    private static List<Call<?, ?>> settleNested(Iterable<Call<?, ?>> inPlace) {
        List<Call<?, ?>> settled = new ArrayList<>();
        for (Call<?, ?> nested : inPlace) {
            if (nested.settleFailed(TaskMeter.Outcome.HARD_TIMEOUT)) {
                settled.add(nested);
            }
        }
        return settled;
    }

    private void handle(WorkerLane lane, Call<?, ?> call) {
        WorkerThread successor = lane.newSuccessor(); // before the lane is taken: see WorkerLane#newSuccessor
        WorkerThread stuck = lane.takeFromStuck(call);
        if (stuck == null) {
            lane.discard(successor);
            return; // it finished after all
        }
        StackTraceElement[] stack = stuck.getStackTrace(); // where it ran away, before the interrupt moves it
        // false when shutdown or a timeout settled it already
        boolean answers = call.settleFailed(TaskMeter.Outcome.HARD_TIMEOUT);
        call.releasePermit(); // the runaway is abandoned: it no longer counts against its task's maxConcurrency
        List<Call<?, ?>> inside = settleNested(stuck.nested);
        boolean replaced = false;
        boolean handedOn = false;
        try {
            long abandonedIn = generation.incrementAndGet();
            String task = call.task.name();
            String abandonedAs = PoolThreads.abandonedName(stuck, abandonedIn);
            pool.tell(observer -> observer.hardTimeout(task, lane.index(), abandonedAs, policy, abandonedIn));
            if (policy == HardTimeoutPolicy.SHUTDOWN) {
                pool.beginShutdown("hard timeout of " + call.task + " under the shutdown policy");
            }
            // a graceful shutdown still runs every queued call: the stuck lane gets a successor that drains it
            handedOn = true;
            replaced = lane.afterRunaway(successor, !pool.isStoppingNow());
            threads.abandon(stuck, abandonedIn); // interrupts it, after the settle
        } finally {
            if (!handedOn) {
                lane.discard(successor); // an observer or the shutdown threw: a thread never started must not count
            }
            String policyName = policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (answers) {
                call.answer(null, new HardTimeoutException("Call of " + call.task + " ran longer than the hard timeout "
                        + "of " + hardMillis + " ms (worker.hard-timeout-ms) on lane " + lane.index() + "; policy "
                        + policyName));
            }
            for (Call<?, ?> nested : inside) {
                nested.answer(null, new HardTimeoutException("Call of " + nested.task + " ran in place inside "
                        + call.task + ", which ran longer than the hard timeout of " + hardMillis
                        + " ms (worker.hard-timeout-ms) on lane " + lane.index() + "; policy " + policyName));
            }
        }
        LOG.log(System.Logger.Level.WARNING, "knitting pool ''{0}'': {1} ran past the hard timeout on lane {2}; "
                + "abandoned thread {3}, policy {4}; the thread was at:{5}", pool.name(), call.task, lane.index(),
                stuck.getName(), policy, stackOf(stack));
        long generationNow = generation.get();
        if (replaced) {
            pool.tell(observer -> observer.laneReplaced(lane.index(), generationNow));
        }
        if (policy == HardTimeoutPolicy.RESTART && !pool.isShutdown()) {
            for (WorkerLane other : lanes) {
                if (other != lane) {
                    other.requestRenew();
                }
            }
            pool.tell(observer -> observer.restarted(generationNow));
        }
    }

    /**
     * Gives the queue of a lane whose worker is held in the continuations of an answer it delivers to a fresh thread,
     * and lets the held one go (not interrupted: it leaves when its continuations return). Only a thread that waits
     * (parked, sleeping, blocked on a lock) is handed over: one that runs, or that the scheduler starves on a busy
     * machine, is about to come back. {@code started}: the lane's count of started calls when it was found held; a
     * lane that started a call since is left alone. Returns the name the held thread carries from now on; null when
     * the lane was not handed over.
     */
    String handOverHeld(WorkerLane lane, long started) {
        WorkerThread worker = lane.worker();
        if (worker == null || worker.getState() == Thread.State.RUNNABLE) {
            return null;
        }
        WorkerThread successor = lane.newSuccessor(); // before the lane is taken: see WorkerLane#newSuccessor
        WorkerThread held = lane.startedHere() == started ? lane.takeFromAnswering() : null;
        if (held == null) {
            lane.discard(successor);
            return null;
        }
        long abandonedIn = generation.incrementAndGet();
        boolean replaced = lane.afterRunaway(successor, !pool.isStoppingNow());
        threads.letGo(held, abandonedIn);
        if (replaced) {
            pool.tell(observer -> observer.laneReplaced(lane.index(), abandonedIn));
        }
        return held.getName();
    }

    private static String stackOf(StackTraceElement[] stack) {
        StringBuilder frames = new StringBuilder();
        for (StackTraceElement frame : stack) {
            frames.append("\n\tat ").append(frame);
        }
        return frames.toString();
    }
}
