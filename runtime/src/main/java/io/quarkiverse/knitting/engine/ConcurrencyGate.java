package io.quarkiverse.knitting.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A task's {@code maxConcurrency}: at most {@code max} of its calls hold a permit, from the moment one goes to a lane
 * until its body ends (or the call is settled before it started, or its runaway body is abandoned). Calls without a
 * permit wait here, in order, holding no lane; a permit given back starts the next one that is still queued.
 * <p>
 * Whoever adds a call or gives a permit back then asks for a {@link #drain drain}. One thread drains at a time (a
 * work-in-progress count, as in Reactive Streams operators): a request made while another thread drains, or by the
 * drain itself (a call submitted to a closed lane fails at once and gives its permit back), makes the draining thread
 * loop once more instead of recursing. So no call is left waiting next to a free permit, calls leave in order, and
 * the stack stays flat however many calls wait. Calls settled while they wait (cancel, deadlines, shutdown) are skipped when reached and swept out now and
 * then, so a task whose permits are all held does not pile them up.
 */
final class ConcurrencyGate {

    /** Settled waiting calls between two sweeps of the waiting queue. */
    private static final int SWEEP_EVERY = 1_024;

    private final int max;
    private final Pool pool;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger settledWhileQueued = new AtomicInteger();
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final ConcurrentLinkedQueue<Call<?, ?>> waiting = new ConcurrentLinkedQueue<>();
    /**
     * The first waiting call, back from a graceful shutdown's lane that had no room for it (see {@link #sendToALane});
     * it leaves before the calls in {@code waiting}.
     */
    private final AtomicReference<Call<?, ?>> heldBack = new AtomicReference<>();

    ConcurrencyGate(int max, Pool pool) {
        this.max = max;
        this.pool = pool;
    }

    /** An accepted call of the task: it waits for a permit, which may be free already. */
    void enqueue(Call<?, ?> call) {
        waiting.offer(call);
        drain();
    }

    /** A call gave its permit back. */
    void release() {
        held.decrementAndGet();
        drain();
    }

    /** A call of the task was settled before it started; one still in the waiting queue is swept out eventually. */
    void settledWhileQueued() {
        if (settledWhileQueued.incrementAndGet() % SWEEP_EVERY == 0) {
            waiting.removeIf(call -> !call.isQueued());
        }
    }

    /** Fails every call still waiting for a permit (an immediate shutdown); each fails once, here or in a drain. */
    void failWaiting(Supplier<? extends Throwable> error) {
        Call<?, ?> call = heldBack.getAndSet(null);
        if (call != null) {
            call.fail(error.get());
        }
        while ((call = waiting.poll()) != null) {
            call.fail(error.get());
        }
    }

    /**
     * A lane about to stop in a graceful shutdown: a waiting call with a permit free goes to a lane now (to the
     * stopping lane itself, which then has a call queued and runs it before it stops).
     */
    void startWaitingBeforeALaneStops() {
        if (hasWaiting()) {
            drain();
        }
    }

    /** Permits held now (for tests and diagnostics). */
    int held() {
        return held.get();
    }

    private void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return; // the draining thread loops once more
        }
        int requests = 1;
        do {
            startWaitingCalls();
            requests = drainRequests.addAndGet(-requests);
        } while (requests != 0);
    }

    private void startWaitingCalls() {
        while (hasWaiting() && tryAcquire()) {
            Call<?, ?> call = heldBack.getAndSet(null);
            if (call == null) {
                call = waiting.poll();
            }
            if (call == null) {
                held.decrementAndGet();
                return;
            }
            call.holdPermit();
            if (!call.isQueued() && call.takeBackPermit()) {
                held.decrementAndGet(); // settled while it waited: it never runs
                continue;
            }
            if (!sendToALane(call)) {
                return;
            }
        }
    }

    private boolean hasWaiting() {
        return heldBack.get() != null || !waiting.isEmpty();
    }

    /**
     * Sends a call that got its permit to a worker lane. In a graceful shutdown a full lane does not spill it into the
     * overflow queue, whose dispatcher leaves once that queue is empty (a late call there fails as closed): the call
     * gives its permit back and waits at the head of the gate, and a lane takes it before it stops
     * ({@link #startWaitingBeforeALaneStops}). Returns false then.
     */
    private boolean sendToALane(Call<?, ?> call) {
        Lane lane = pool.lanes.pickWorker();
        if (!pool.isShutdown() || !(lane instanceof WorkerLane worker)) {
            lane.submit(call);
            return true;
        }
        if (worker.offer(call)) {
            return true;
        }
        if (call.takeBackPermit()) {
            held.decrementAndGet();
        }
        if (call.isQueued()) {
            heldBack.set(call);
            if (pool.isStoppingNow()) {
                failWaiting(pool::closedError); // an immediate shutdown may have emptied the gate before the set
            }
        }
        return false;
    }

    private boolean tryAcquire() {
        for (;;) {
            int now = held.get();
            if (now >= max) {
                return false;
            }
            if (held.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
