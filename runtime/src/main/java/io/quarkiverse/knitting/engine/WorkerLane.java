package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import io.quarkiverse.knitting.AbortSignal;

/**
 * A lane with a worker thread of its own and a bounded lock-free queue of calls.
 * <p>
 * Contract: any thread offers (multi-producer); exactly one thread at a time polls (single consumer). The consumer
 * is the lane's worker, and the role passes to a successor thread only at points where the old worker will never
 * poll again: when it hands over itself (restart), or when the watchdog wins the CAS of {@code current} from the
 * stuck call to {@link #RETIRED}, which the stuck worker's own end-of-call CAS then loses. After the lane
 * terminates, late offers are drained through a {@link ClosedDrain}.
 */
final class WorkerLane extends WorkerLaneTrailingPadding implements Lane, ParkGate {

    /** Marks {@code current} of a lane whose worker lost the consumer role; that worker can never CAS it back. */
    static final Object RETIRED = new Object();

    /**
     * Marks {@code current} of a lane closed by an immediate stop while its worker was busy with {@code call}: the
     * worker no longer polls, but the hard timeout still watches the call until it ends.
     */
    record Detached(Call<?, ?> call, WorkerThread worker) {
    }

    static final int RUN = 0;
    static final int RENEW = 1;
    static final int STOP_GRACEFULLY = 2;
    static final int STOP_NOW = 3;

    private static final VarHandle CURRENT;
    private static final VarHandle FINISHED;
    private static final VarHandle COMPLETED_HERE;
    private static final VarHandle FAILED_HERE;
    private static final VarHandle CONTROL;
    private static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT = lookup.findVarHandle(WorkerLaneHotFields.class, "current", Object.class);
            FINISHED = lookup.findVarHandle(WorkerLaneHotFields.class, "finished", long.class);
            COMPLETED_HERE = lookup.findVarHandle(WorkerLaneHotFields.class, "completedHere", long.class);
            FAILED_HERE = lookup.findVarHandle(WorkerLaneHotFields.class, "failedHere", long.class);
            CONTROL = lookup.findVarHandle(WorkerLaneColdFields.class, "control", int.class);
            PARKED = lookup.findVarHandle(WorkerLaneColdFields.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClosedDrain closedDrain = new ClosedDrain(queue, pool);

    WorkerLane(Pool pool, int index, int queueCapacity) {
        super(pool, index, queueCapacity);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public boolean isIdle() {
        return current == null && queue.isEmpty();
    }

    @Override
    public long bodiesEnded() {
        return finished;
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
        // only the producer that clears the flag pays for the unpark: a burst of submits wakes the worker once
        if (parked != 0 && (int) PARKED.getAndSet(this, 0) != 0) {
            LockSupport.unpark(worker);
        }
        if (terminated) {
            closedDrain.drain();
        }
        return true;
    }

    /** Starts a worker thread for this lane: at pool start, and to replace one. */
    void startWorker() {
        CONTROL.compareAndSet(this, RENEW, RUN);
        WorkerThread thread = pool.threads.newWorker(pool, this, this::work);
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

    /** The call running now (also one whose worker an immediate stop detached), or null. */
    Call<?, ?> running() {
        Object now = current;
        if (now instanceof Call<?, ?> call) {
            return call;
        }
        return now instanceof Detached detached ? detached.call : null;
    }

    /** Asks the worker to hand the lane to a fresh thread after its current call (restart policy). */
    void requestRenew() {
        if (CONTROL.compareAndSet(this, RUN, RENEW)) {
            wake();
        }
    }

    /** Asks the worker to stop: at once (queued calls fail) or after the queue and the overflow have run dry. */
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
     * and leaves by itself.
     */
    void stopNow() {
        requestStop(false);
        Object running = current;
        if (running instanceof Call<?, ?> call && CURRENT.compareAndSet(this, running, new Detached(call, worker))) {
            terminate();
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
        if (now instanceof Detached detached && detached.call == call) {
            return CURRENT.compareAndSet(this, now, RETIRED) ? detached.worker : null;
        }
        return null;
    }

    /** After {@link #takeFromStuck}: the lane gets a successor, or closes for good with no worker. */
    void afterRunaway(boolean replace) {
        if (terminated) {
            return; // an immediate stop closed it already
        }
        current = null;
        if (replace) {
            startWorker();
        } else {
            worker = null;
            terminate();
        }
    }

    private void work() {
        WorkerThread self = (WorkerThread) Thread.currentThread();
        SpinThenParkIdleStrategy idle = new SpinThenParkIdleStrategy(pool.spinNanos, pool.pauseNanos,
                pool.parkNanos, this);
        pool.log.event("lane " + index + " started on " + self.getName());
        try {
            for (;;) {
                int order = control;
                if (order != RUN && obey(order)) {
                    return;
                }
                Call<?, ?> call = queue.relaxedPoll();
                if (call == null) {
                    idle.idle();
                    continue;
                }
                idle.reset(); // before the call: a spin permit is not held through a body
                if (!run(call, self)) {
                    return; // the consumer role was taken from this worker while its call ran
                }
            }
        } finally {
            idle.reset();
            pool.threads.exited(self);
        }
    }

    /** Acts on a control order; true when this worker leaves. */
    private boolean obey(int order) {
        if (order == RENEW) {
            pool.log.event("lane " + index + " hands over to a fresh worker");
            startWorker();
            return true;
        }
        if (order == STOP_NOW || (queue.isEmpty() && pool.overflowDrained())) {
            terminate();
            return true;
        }
        return false;
    }

    /** Runs one call from the queue; false when the consumer role was taken from this worker while the call ran. */
    private boolean run(Call<?, ?> call, WorkerThread self) {
        if (!call.start()) {
            return true; // settled while queued: cancelled or timed out, never runs
        }
        if (pool.watchesRunningCalls) {
            call.startedAt = System.nanoTime();
        }
        CURRENT.setRelease(this, call); // readers need startedAt before the call; no StoreLoad fence is needed
        boolean kept;
        try {
            kept = runBody(call, self, true);
        } catch (Throwable escaped) {
            kept = afterEscape(call, escaped); // the body runner lets nothing out; this is the last line anyway
        }
        Thread.interrupted(); // an interrupt meant for this call must not leak into the next
        return kept;
    }

    /** Fails the call and says whether this worker still holds the lane (false when the watchdog took it). */
    private boolean afterEscape(Call<?, ?> call, Throwable escaped) {
        call.fail(escaped);
        if (current == call && CURRENT.compareAndSet(this, call, null)) {
            return true;
        }
        return current == null; // released before the escape; RETIRED or Detached: the lane is gone
    }

    /**
     * Whether {@code self} is this lane's worker running a body now: then a call it makes to a task of this pool runs
     * in place ({@link #runNested}). Continuations of answers run after the body released the lane, and the lane
     * subscribing to a body's output sets {@code forwarding}: calls made there are queued as usual.
     */
    boolean runsBodyOn(WorkerThread self) {
        return !self.forwarding && worker == self && current instanceof Call;
    }

    /**
     * Runs a call made from a body running on this lane right here, inside that body's turn: queueing it could
     * deadlock when the body waits for it and every lane is busy waiting. The outer call holds the lane meanwhile,
     * so the hard timeout watches them together.
     */
    void runNested(Call<?, ?> call, WorkerThread self) {
        if (!call.start()) {
            return;
        }
        if (pool.watchesRunningCalls) {
            call.startedAt = System.nanoTime();
        }
        self.nested.push(call); // a hard timeout of the outer call fails this one with it
        try {
            runBody(call, self, false);
        } catch (Throwable escaped) {
            call.fail(escaped); // the body runner lets nothing out; this is the last line anyway
        } finally {
            self.nested.remove(call);
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
        try {
            return finish(call, holdsLane, pool.bodyRunner.run(call));
        } finally {
            if (swap) {
                self.signal = outer;
            }
        }
    }

    @Override
    public Pool pool() {
        return pool;
    }

    @Override
    public boolean release(Call<?, ?> call, boolean holdsLane) {
        FINISHED.getAndAdd(this, 1L); // atomic: an abandoned worker may finish while its successor counts
        if (!holdsLane || CURRENT.compareAndSet(this, call, null)) {
            return true;
        }
        Object now = current;
        if (now instanceof Detached detached && detached.call == call) {
            CURRENT.compareAndSet(this, now, RETIRED); // the stop's claim on this worker ends with its call
        }
        return false;
    }

    @Override
    public void count(boolean completed) {
        if (completed) {
            COMPLETED_HERE.getAndAdd(this, 1L);
        } else {
            FAILED_HERE.getAndAdd(this, 1L);
        }
    }

    private void terminate() {
        terminated = true;
        closedDrain.drain();
        pool.log.event("lane " + index + " stopped");
    }

    @Override
    public boolean hasWork() {
        return queue.relaxedPeek() != null;
    }

    @Override
    public boolean prepareToPark() {
        parked = 1;
        int order = control;
        if (!queue.isEmpty() || order == RENEW || order == STOP_NOW) {
            parked = 0;
            return false;
        }
        return true;
    }

    @Override
    public void unparked() {
        parked = 0;
    }
}
