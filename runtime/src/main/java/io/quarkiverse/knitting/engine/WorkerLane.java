package io.quarkiverse.knitting.engine;

import java.util.concurrent.locks.LockSupport;

import org.jctools.queues.atomic.AtomicReferenceArrayQueue;

/**
 * A lane with a worker thread of its own and a bounded lock-free queue of calls.
 * <p>
 * Contract: any thread offers (multi-producer); one thread at a time consumes the lane: runs its calls, holds
 * {@code current}, obeys its orders. In a pool that steals ({@link LaneThief}) the workers of sibling lanes poll the
 * queue too (it is multi-consumer then), and run what they take on their own lanes. The consumer is the lane's
 * worker, and the role passes to a successor thread only at points where the old worker will never poll again: when
 * it hands over itself (restart), or when the watchdog wins the CAS of {@code current} to {@link #RETIRED}, from a
 * stuck call (which the stuck worker's own end-of-call CAS then loses) or from the worker answering a call (which its
 * CAS back to null loses: {@link #answered}). After the lane terminates, late offers are drained through a
 * {@link ClosedDrain}.
 */
final class WorkerLane extends WorkerLaneTrailingPadding implements Lane, ParkGate {

    private final ClosedDrain closedDrain = new ClosedDrain(queue, pool);
    /** What each worker thread of this lane runs. */
    final WorkerLoop loop = new WorkerLoop(this);

    /** Takes queued calls from sibling lanes while this one has none; null when the pool does not steal. */
    LaneThief thief;

    WorkerLane(Pool pool, int index, AtomicReferenceArrayQueue<Call<?, ?>> queue) {
        super(pool, index, queue);
    }

    @Override
    public int index() {
        return index;
    }

    /**
     * Idle and not answering either: a worker that runs an answer's continuations may be blocked there, waiting for
     * the very call a body at work made (see {@link Lanes#idleWorkerOtherThan}).
     */
    boolean isFree() {
        return current == null && queue.isEmpty() && !terminated;
    }

    /** A lane that stopped is never idle: a call sent there would fail as closed. */
    @Override
    public boolean isIdle() {
        Object now = current;
        return (now == null || now instanceof WorkerThread) && queue.isEmpty() && !terminated;
    }

    @Override
    public long bodiesEnded() {
        return finished + finishedAway;
    }

    /** Only the lane's consumer calls it, one thread at a time: a plain increment, published for readers. */
    void countStarted() {
        STARTED_HERE.setRelease(this, startedHere + 1);
    }

    long startedHere() {
        return startedHere;
    }

    long completedHere() {
        return completedHere;
    }

    long failedHere() {
        return failedHere;
    }

    @Override
    public void submit(Call<?, ?> call) {
        if (!offer(call)) {
            pool.host.offer(call);
        }
    }

    /** Offers without spilling; false when the queue is full. */
    boolean offer(Call<?, ?> call) {
        if (!queue.offer(call)) {
            return false;
        }
        if (parked != 0) {
            if (thief == null || !thief.aSiblingWillTakeIt()) {
                wakeForACaller();
            }
        } else if (thief != null) {
            thief.queuedOnAnAwakeHome();
        }
        if (terminated) {
            closedDrain.drain();
        }
        return true;
    }

    /**
     * A caller wakes the parked worker: for this lane's own call, or for a sibling's call it is to take. Only the
     * caller that clears the flag pays for the unpark, so a burst of submits wakes the worker once. Returns whether
     * this caller woke it.
     */
    boolean wakeForACaller() {
        if (!wakeIfParked()) {
            return false;
        }
        if (System.nanoTime() - idleAt >= 0) {
            handOverTheCore();
        }
        return true;
    }

    /**
     * After waking a worker that had been idle for a while, the caller lets it run if the scheduler queued it on the
     * caller's core. Linux places such a thread on the waker's core when it last ran there (and often otherwise), and
     * a caller that keeps working (an event loop under load, a thread spinning on the answer) then holds that core
     * until the next scheduler tick: milliseconds before the body starts, with the other core idle. One yield hands
     * the core over now; when the worker went to another core there is nothing to yield to and it returns at once.
     * Only a call that ends a long park pays it: calls in a stream reach a spinning worker or one that parked a
     * moment ago, and yielding to those would keep caller and worker sharing one core. See the engine page, "A call
     * after idle".
     */
    private static void handOverTheCore() {
        Thread.yield();
    }

    /** The worker (of a stealing pool) spins with nothing to do; a store only when that changes. */
    void startSpinning() {
        if (spinning == 0) {
            spinning = 1;
        }
    }

    /**
     * The worker stops spinning: it found work, parks or leaves. A producer may have left a sibling asleep because
     * this lane was spinning; the volatile store, then the look at the siblings, make sure such a call is not left
     * behind (the producer stores the call, then reads {@code spinning}: one of the two sees the other).
     */
    void stopSpinning() {
        if (spinning != 0) {
            spinning = 0;
            thief.wakeParkedWithWork();
        }
    }

    /**
     * Parked, with a call in its queue: a call left for a spinning sibling (see {@link LaneThief}). Reads the queue's
     * indexes, which the producer wrote before it read {@code spinning}.
     */
    boolean parkedWithWork() {
        return parked != 0 && !queue.isEmpty();
    }

    /** Wakes the worker if it is parked (a sibling has calls for it to steal); true when this call woke it. */
    boolean wakeIfParked() {
        if (parked != 0 && (int) PARKED.getAndSet(this, 0) != 0) {
            LockSupport.unpark(worker);
            return true;
        }
        return false;
    }

    /** Starts a worker thread for this lane: at pool start, and to replace one. */
    void startWorker() {
        start(newSuccessor());
    }

    /**
     * A counted worker thread for this lane, not started: the watchdog makes it before it takes the lane from a worker,
     * so that the old worker, leaving the moment it loses the lane, is never the last counted thread while its
     * successor does not count yet (a graceful shutdown would complete with calls still queued).
     */
    WorkerThread newSuccessor() {
        return pool.threads.newWorker(pool, this, loop);
    }

    private void start(WorkerThread thread) {
        CONTROL.compareAndSet(this, RENEW, RUN);
        worker = thread;
        parked = 0;
        try {
            thread.start();
        } catch (Throwable noThread) { // out of native threads, say: the lane closes rather than wait for nobody
            worker = null;
            pool.threads.exited(thread);
            terminate();
            pool.log.laneLost(index, noThread);
        }
    }

    WorkerThread worker() {
        return worker;
    }

    /** This lane as {@link LaneView} shows it. */
    LaneView view(long now) {
        WorkerThread thread = worker;
        Object holder = current;
        Call<?, ?> call = running();
        String state = terminated ? "stopped" : call != null ? "running" : holder instanceof WorkerThread ? "answering"
                : "idle";
        long runningFor = call != null && call.startedAt != 0 ? Math.max(0, now - call.startedAt) : -1;
        return new LaneView(index, thread == null ? null : thread.getName(), state,
                call == null ? null : call.task.name(), runningFor, queue.size());
    }

    /** The call running now (also one whose worker an immediate stop detached), or null. */
    Call<?, ?> running() {
        Object now = current;
        if (now instanceof Call<?, ?> call) {
            return call;
        }
        return now instanceof Detached detached ? detached.call() : null;
    }

    /** Asks the worker to hand the lane to a fresh thread after its current call (restart policy). */
    void requestRenew() {
        if (CONTROL.compareAndSet(this, RUN, RENEW)) {
            wake();
        }
    }

    /**
     * Asks the worker to stop: at once (queued calls fail) or once the queue and the overflow have run dry and every
     * accepted call has started ({@link #obey}).
     */
    void requestStop(boolean gracefully) {
        int target = gracefully ? STOP_GRACEFULLY : STOP_NOW;
        for (;;) {
            int now = control;
            if (now >= target || CONTROL.compareAndSet(this, now, target)) {
                break;
            }
        }
        wake();
    }

    /**
     * Stops at once. A worker busy with a call keeps it, but the consumer role is taken from it the same way as from
     * a stuck worker, so the queued calls fail now instead of after the running call; that worker leaves when its
     * call ends, and the hard timeout still watches it meanwhile ({@link Detached}). An idle worker sees the order
     * and leaves by itself. A worker that delivers an answer loses the role too: a continuation there may wait for a
     * call queued behind it, which fails now.
     */
    void stopNow() {
        requestStop(false);
        for (;;) {
            Object running = current;
            Object taken = running instanceof Call<?, ?> call ? new Detached(call, worker)
                    : running instanceof WorkerThread ? RETIRED : null; // an answering worker leaves when answered()
            if (taken == null) {
                return; // idle: the worker sees the order itself, also one about to start a call (see endBody)
            }
            if (CURRENT.compareAndSet(this, running, taken)) {
                terminate();
                return;
            }
        }
    }

    private void wake() {
        WorkerThread thread = worker;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Takes the lane (or, after an immediate stop, the claim on its busy worker) from the worker stuck in
     * {@code call}. Returns that worker, which will never poll again; null when the call ended in the meantime.
     */
    WorkerThread takeFromStuck(Call<?, ?> call) {
        Object now = current;
        if (now == call) {
            WorkerThread stuck = worker;
            return CURRENT.compareAndSet(this, call, RETIRED) ? stuck : null;
        }
        if (now instanceof Detached detached && detached.call() == call) {
            return CURRENT.compareAndSet(this, now, RETIRED) ? detached.worker() : null;
        }
        return null;
    }

    /**
     * Takes the lane from a worker held while it answers a call it ran (a continuation of the answer blocks, say, on a
     * call queued behind it). Returns that worker, which will never poll again; null when it is not answering now.
     */
    WorkerThread takeFromAnswering() {
        Object now = current;
        if (now instanceof WorkerThread answering && CURRENT.compareAndSet(this, now, RETIRED)) {
            return answering;
        }
        return null;
    }

    /**
     * The worker has answered the call it ran: it lets go of the lane, and learns whether it is still the consumer
     * (false when the watchdog took the lane meanwhile, {@link #takeFromAnswering}).
     */
    boolean answered(WorkerThread self) {
        return CURRENT.compareAndSet(this, self, null);
    }

    /**
     * After {@link #takeFromStuck} or {@link #takeFromAnswering}: the lane gets {@code successor} (from
     * {@link #newSuccessor}), or closes for good with no worker, and the successor is discarded. Returns whether a
     * successor started.
     */
    boolean afterRunaway(WorkerThread successor, boolean replace) {
        if (replace && !terminated) {
            current = null;
            start(successor);
            return !terminated; // a worker that could not start closes the lane
        }
        discard(successor);
        if (!terminated) { // else an immediate stop closed it already
            current = null;
            worker = null;
            terminate();
        }
        return false;
    }

    /** A successor made for nothing (the worker went on after all, or the lane closes): it stops counting. */
    void discard(WorkerThread successor) {
        pool.threads.exited(successor);
    }

    /** Acts on a control order; true when this worker leaves. */
    boolean obey(int order) {
        if (order == RENEW) {
            pool.log.event("lane " + index + " hands over to a fresh worker");
            startWorker();
            return true;
        }
        // the overflow first: once it has drained, every call it moved here is in the queue already
        if (order == STOP_NOW || (pool.overflowDrained() && queue.isEmpty() && pool.noCallOnItsWayToALane())) {
            terminate();
            return true;
        }
        return false;
    }

    /** The worker starts running {@code call}: readers need its start time before the call itself. */
    void hold(Call<?, ?> call) {
        CURRENT.setRelease(this, call); // no StoreLoad fence is needed
    }

    /** Fails the call and says whether this worker still holds the lane (false when the watchdog took it). */
    boolean afterEscape(Call<?, ?> call, Throwable escaped) {
        call.fail(escaped);
        Object now = current;
        if (now == call) {
            return CURRENT.compareAndSet(this, call, Thread.currentThread());
        }
        return now == Thread.currentThread(); // answering: the body had ended. Anything else: the lane was taken
    }

    /**
     * Whether {@code self} is this lane's worker running a body now: then a call it makes to a task of this pool runs
     * in place ({@link WorkerLoop#runNested}). Continuations of answers run after the body released the lane, and the
     * lane subscribing to a body's output sets {@code forwarding}: calls made there are queued as usual while the pool
     * is open (see {@link WorkerThread#forwardingAnOutputOf}).
     */
    boolean runsBodyOn(WorkerThread self) {
        return !self.forwarding && holdsACallOn(self);
    }

    /** Whether this lane holds a call, its worker being {@code self}. */
    boolean holdsACallOn(WorkerThread self) {
        // current first: a successor's call is held only after the successor became the worker, so a worker that lost
        // the lane and sees that call sees the successor too
        return current instanceof Call && worker == self;
    }

    /**
     * The lane's consumer counts with plain stores: it is the only thread that writes {@code finished},
     * {@code completedHere} and {@code failedHere} (the role passes to a successor only through a volatile write the
     * successor's start follows), so a call costs no atomic add here. A nested call, or a worker that lost the lane
     * while its body ran, counts in {@code finishedAway} and the pool's shared counters instead. The lane holds no
     * call from here on (a balancer sees it idle) but stays its worker's, marked by the thread, until
     * {@link #answered}.
     */
    @Override
    public boolean endBody(Call<?, ?> call, boolean holdsLane) {
        Thread self = Thread.currentThread();
        if (holdsLane && CURRENT.compareAndSet(this, call, self)) {
            FINISHED.setRelease(this, finished + 1);
            if (control == STOP_NOW && CURRENT.compareAndSet(this, self, RETIRED)) {
                // an immediate stop that found the lane idle as this call started: the calls queued behind it fail
                // now, before this answer's continuations run here and perhaps wait for one of them
                terminate();
                return false;
            }
            return true;
        }
        FINISHED_AWAY.getAndAdd(this, 1L);
        if (!holdsLane) {
            return true;
        }
        Object now = current;
        if (now instanceof Detached detached && detached.call() == call) {
            CURRENT.compareAndSet(this, now, RETIRED); // the stop's claim on this worker ends with its call
        }
        return false;
    }

    /**
     * {@code byConsumer} is checked against the lane once more: the watchdog may have handed the lane over since the
     * body ended (a continuation run while a task's waiting calls were let in, say), and the successor counts here
     * with plain stores too.
     */
    @Override
    public void count(boolean completed, boolean byConsumer) {
        if (!byConsumer || current != Thread.currentThread()) {
            pool.counters.count(completed ? TaskMeter.Outcome.COMPLETED : TaskMeter.Outcome.FAILED);
        } else if (completed) {
            COMPLETED_HERE.setRelease(this, completedHere + 1);
        } else {
            FAILED_HERE.setRelease(this, failedHere + 1);
        }
    }

    private void terminate() {
        terminated = true;
        closedDrain.drain();
        pool.log.event("lane " + index + " stopped");
    }

    @Override
    public boolean hasWork() {
        return queue.relaxedPeek() != null || (thief != null && thief.parkedSiblingHasWork());
    }

    @Override
    public boolean prepareToPark(long idleAt) {
        if (thief != null) {
            spinning = 0; // before the re-check below: a call left for this lane to take is seen there
        }
        this.idleAt = idleAt;
        parked = PARKING;
        int order = control;
        if (!queue.isEmpty() || order == RENEW || order == STOP_NOW || (thief != null && thief.workElsewhere())) {
            parked = 0;
            return false;
        }
        return true;
    }

    /**
     * The worker gives its core away for a moment, so it must not count as spinning meanwhile: a producer that finds a
     * sibling parked would leave its call there for this worker, which may not run again until the thread it yields
     * to gives the core back. It counts as spinning again at its next idle round ({@link WorkerLoop}).
     */
    @Override
    public void yieldBeforeLongSpin() {
        if (thief != null) {
            stopSpinning();
        }
        ParkGate.super.yieldBeforeLongSpin();
    }

    @Override
    public boolean mayGetWorkUnannounced() {
        return thief != null && thief.aSiblingIsRunning();
    }

    @Override
    public boolean waitsToStop() {
        return control == STOP_GRACEFULLY;
    }

    @Override
    public void unparked() {
        parked = 0;
    }

    /** Atomic adds: an abandoned worker may still report while its successor does. */
    @Override
    public void idled(long spunNanos, long parkedNanos) {
        if (spunNanos > 0) {
            IDLE_SPIN_NANOS.getAndAdd(this, spunNanos);
        }
        if (parkedNanos > 0) {
            IDLE_PARK_NANOS.getAndAdd(this, parkedNanos);
        }
    }

    long idleSpinNanos() {
        return idleSpinNanos;
    }

    long idleParkNanos() {
        return idleParkNanos;
    }
}
