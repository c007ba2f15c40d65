package io.quarkiverse.knitting.engine;

import org.jctools.queues.atomic.AtomicReferenceArrayQueue;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.PoolStats;

/**
 * The lanes of one pool in balancer order (worker lanes, and the inline lane first or last), and the choice of a
 * lane for one call: with a single lane none, else the balancer, over the worker lanes alone while the task has fewer
 * calls in flight than {@code inliner.dispatch-threshold}.
 */
final class Lanes {

    final Lane[] all;
    final WorkerLane[] workers;
    /** {@code host.steal}: idle worker lanes take queued calls from the others. */
    final boolean stealing;
    /** Null without the inliner. */
    final InlineLane inline;
    private final LaneBalancer balancer;
    private final int inlineThreshold;
    /** The eligible range when the inline lane is left out. */
    private final int workerFrom;
    private final int workerTo;

    Lanes(Pool pool, PoolSettings settings) {
        this(pool, settings, LaneBalancer.of(settings.balancer()));
    }

    Lanes(Pool pool, PoolSettings settings, LaneBalancer balancer) {
        boolean inlineFirst = settings.inliner().enabled() && settings.inliner().position() == InlinerPosition.FIRST;
        int firstWorker = inlineFirst ? 1 : 0;
        this.all = new Lane[settings.totalLanes()];
        this.workers = new WorkerLane[settings.threads()];
        this.stealing = settings.steals();
        for (int i = 0; i < workers.length; i++) {
            int capacity = settings.laneQueueCapacity();
            AtomicReferenceArrayQueue<Call<?, ?>> queue = stealing ? new MpmcAtomicArrayQueue<>(capacity)
                    : new MpscAtomicArrayQueue<>(capacity);
            workers[i] = new WorkerLane(pool, firstWorker + i, queue);
            all[firstWorker + i] = workers[i];
        }
        if (stealing) {
            for (int i = 0; i < workers.length; i++) {
                workers[i].thief = new LaneThief(workers, i);
            }
        }
        if (settings.inliner().enabled()) {
            int inlineIndex = inlineFirst ? 0 : all.length - 1;
            this.inline = new InlineLane(pool, inlineIndex, settings.inliner().batchSize());
            all[inlineIndex] = inline;
        } else {
            this.inline = null;
        }
        this.workerFrom = firstWorker;
        this.workerTo = firstWorker + workers.length;
        this.balancer = balancer;
        this.inlineThreshold = settings.inliner().dispatchThreshold();
    }

    /**
     * A worker lane, never the inline one: for calls that a thread other than their caller submits (a concurrency
     * permit given back, an inline call a shutdown takes from its batch). A lane still running replaces one the
     * balancer picked that stopped (a lane lost while the pool runs, or one stopped by an immediate shutdown).
     */
    WorkerLane pickWorker() {
        if (workers.length == 1) {
            return workers[0];
        }
        WorkerLane picked = (WorkerLane) balancer.pick(all, workerFrom, workerTo);
        return picked.terminated ? runningLaneOr(picked) : picked;
    }

    /**
     * A worker lane other than {@code busy} (which may be null) that is idle and not answering (a worker held in a
     * continuation is not free), or null when there is none.
     */
    WorkerLane idleWorkerOtherThan(WorkerLane busy) {
        for (WorkerLane lane : workers) {
            if (lane != busy && lane.isFree()) {
                return lane;
            }
        }
        return null;
    }

    /**
     * {@code inFlight}: the task's calls in flight, this one included (0 when the pool does not count them). A worker
     * lane closed for good while the pool runs ({@link Pool#lanesLost}) is passed over for one still running.
     */
    Lane pick(int inFlight) {
        if (all.length == 1) {
            return all[0];
        }
        Lane picked = inline != null && inFlight < inlineThreshold ? balancer.pick(all, workerFrom, workerTo)
                : balancer.pick(all, 0, all.length);
        return picked instanceof WorkerLane lane && lane.terminated ? runningLaneOr(lane) : picked;
    }

    /**
     * The next worker lane after {@code stopped} that still runs (so that a lost lane's calls spread over the others),
     * else {@code stopped}: the call then fails as closed there.
     */
    private WorkerLane runningLaneOr(WorkerLane stopped) {
        int at = stopped.index - workerFrom;
        for (int step = 1; step < workers.length; step++) {
            WorkerLane lane = workers[(at + step) % workers.length];
            if (!lane.terminated) {
                return lane;
            }
        }
        return stopped;
    }

    /** The pool's counters as one snapshot: outcomes summed over the lanes' own counters and the shared ones. */
    PoolStats stats(PoolCounters counters, QueuedCalls queued, long generation, int abandonedThreads) {
        long[] perLane = new long[all.length];
        for (Lane lane : all) {
            perLane[lane.index()] = lane.bodiesEnded();
        }
        long completed = 0;
        long failed = 0;
        for (WorkerLane lane : workers) {
            completed += lane.completedHere();
            failed += lane.failedHere();
        }
        PoolCounters.Snapshot shared = counters.read(queued); // submitted last, so it is never behind the outcomes
        completed += shared.completed();
        failed += shared.failed();
        long settled = completed + failed + shared.cancelled() + shared.rejected();
        return new PoolStats(all.length, generation, shared.submitted(), completed, failed, shared.cancelled(),
                shared.rejected(), Math.max(0, shared.submitted() - settled), perLane, abandonedThreads);
    }
}
