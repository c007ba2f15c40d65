package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.AbortSignal;

/**
 * What a worker thread of a {@link WorkerLane} runs: take the lane's calls one at a time and run them, idle (spin,
 * then park) while there are none, obey the lane's control orders, and leave when the consumer role is taken away.
 * Calls a body makes to a task of its own pool run here in place ({@link #runNested}).
 * <p>
 * Contract: only the lane's current worker thread runs {@link #run}; the idle strategy is that thread's own. The
 * lane's state (the running call, the counters, the orders) stays in the lane.
 */
final class WorkerLoop implements Runnable {

    private final WorkerLane lane;
    private final Pool pool;

    WorkerLoop(WorkerLane lane) {
        this.lane = lane;
        this.pool = lane.pool;
    }

    @Override
    public void run() {
        WorkerThread self = (WorkerThread) Thread.currentThread();
        LaneThief thief = lane.thief;
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(pool.spinNanos, pool.handoffSpinNanos,
                pool.pauseNanos, pool.parkNanos, lane, pool.metered);
        pool.log.event("lane " + lane.index + " started on " + self.getName());
        try {
            for (;;) {
                int order = lane.control;
                if (order != WorkerLane.RUN && lane.obey(order)) {
                    return;
                }
                Call<?, ?> call = lane.queue.relaxedPoll();
                if (call == null && thief != null) {
                    call = thief.steal(idle.isParking());
                }
                if (call == null) {
                    if (thief != null && !idle.isParking()) {
                        lane.startSpinning();
                    }
                    idle.idle();
                    continue;
                }
                if (thief != null) {
                    lane.stopSpinning();
                }
                idle.reset(); // before the call: a spin permit is not held through a body
                boolean stillConsumer = runQueued(call, self, idle, thief);
                pool.cleanUpLane(); // what the body or the answer's continuations left in thread-locals; rejects too
                if (!stillConsumer) {
                    return; // the consumer role was taken from this worker while its call ran
                }
            }
        } finally {
            if (thief != null) {
                lane.stopSpinning(); // a worker that leaves must not be counted on to take calls
            }
            idle.reset();
            idle.reportSpin();
            pool.threads.exited(self);
        }
    }

    /**
     * Runs one call from the queue; false when the consumer role was taken from this worker while the call ran. A
     * metered pool takes the call's start time from the worker's last clock read ({@code idle} keeps it: its last
     * spin check, its waking, or the end of the previous call), so that timing a call costs the lane one clock read,
     * at its end, after the answer.
     */
    private boolean runQueued(Call<?, ?> call, WorkerThread self, SpinThenParkIdleStrategy idle, LaneThief thief) {
        long now = call.rejectIfWaitedTooLong();
        if (now == Call.REJECTED || !call.start()) {
            if (pool.metered) {
                idle.clockRead(0); // rejecting answered a caller here, which takes time: the clock read is old
            }
            return true; // settled while queued: cancelled, timed out or rejected, never runs
        }
        lane.countStarted();
        if (pool.stampsStart(call)) {
            pool.stampStart(call, now != 0 || !pool.metered ? now : idle.lastClockRead());
        }
        lane.hold(call);
        if (thief != null && lane.queue.relaxedPeek() != null) {
            // calls wait behind this one: a parked sibling could take them. After the hold, so that the sibling, once
            // it has taken them, sees this lane running and keeps looking (SpinThenParkIdleStrategy#nextParkNanos)
            thief.callForHelp();
        }
        boolean stillConsumer;
        try {
            stillConsumer = runBody(call, self, true);
        } catch (Throwable escaped) {
            stillConsumer = lane.afterEscape(call, escaped); // the body runner lets nothing out; this is the last line anyway
        }
        // the answer's continuations have run here: the watchdog may have handed the lane on if they held it too long
        stillConsumer = stillConsumer && lane.answered(self);
        idle.answered(call.callerExecutor);
        if (call.timed) {
            idle.clockRead(pool.stampEnd(call)); // after the answer: the caller does not wait for this clock read
        } else if (pool.metered) {
            idle.clockRead(0); // the last clock read is from before this call: the next timed one reads its own
        }
        Thread.interrupted(); // an interrupt meant for this call must not leak into the next
        self.restoreContextLoader(); // and neither must a class loader the body set
        return stillConsumer;
    }

    /**
     * Runs a call made from a body running on this lane right here, inside that body's turn: queueing it could
     * deadlock when the body waits for it and every lane is busy waiting. The outer call holds the lane meanwhile,
     * so the hard timeout watches them together.
     */
    void runNested(Call<?, ?> call, WorkerThread self) {
        // listed on this thread by its dispatch: a hard timeout of the outer call fails this one with it
        if (!call.stillToRunInPlace()) {
            self.nested.unlist(call);
            return;
        }
        if (pool.stampsStart(call)) {
            pool.stampStart(call, 0);
        }
        try {
            runBody(call, self, false);
        } catch (Throwable escaped) {
            self.nested.throwUpIfTooLowToAnswer(escaped); // runBody answers it, once the lane's own body has run
            call.fail(escaped); // the body runner lets nothing out; this is the last line anyway
        }
        self.nested.unlist(call);
        if (call.timed) {
            pool.stampEnd(call);
        }
    }

    private boolean runBody(Call<?, ?> call, WorkerThread self, boolean holdsLane) {
        // the signal is written only around abortable calls (and nested ones inside them): a store into the thread
        // object on every call could land on a cache line that a caller reads on every dispatch
        AbortSignal outer = self.signal;
        boolean abortable = call.task.abortable;
        boolean swap = abortable || outer != null;
        if (swap) {
            self.signal = abortable ? call : null;
        }
        if (abortable && pool.isStoppingNow()) {
            // an immediate shutdown fails and aborts the running abortable calls it finds on each lane, in place ones
            // included; one that became running here after it looked is failed here (the shutdown sets its flag
            // before it looks, the lane marked this call running before this read)
            call.fail(pool.closedError());
        }
        try {
            Object produced = pool.bodyRunner.run(call, holdsLane);
            if (holdsLane) {
                self.nested.answerLeftBehind(); // the bottom of this stack: calls an overflow left, while it is watched
            }
            // gives the permit back; a call run in place (holding no lane) may have its overflow thrown up instead
            return lane.finish(call, holdsLane, holdsLane ? produced : self.nested.answerable(produced));
        } finally {
            if (swap) {
                self.signal = outer;
            }
            if (call.task.gate != null) {
                call.releasePermit(); // a no-op once finish gave it back; here if something escaped before
            }
        }
    }
}
