package io.quarkiverse.knitting.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
        Call<?, ?> call;
        while ((call = waiting.poll()) != null) {
            call.failIfQueued(error.get(), TaskMeter.Outcome.FAILED); // not one a stand-in took out (MadeWithin)
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
        while (!waiting.isEmpty() && tryAcquire()) {
            Call<?, ?> call = waiting.poll();
            if (call == null) {
                held.decrementAndGet();
                return;
            }
            call.holdPermit();
            if (!call.isQueued() && call.takeBackPermit()) {
                held.decrementAndGet(); // settled while it waited: it never runs
                continue;
            }
            pool.lanes.pickWorker().submit(call); // in a graceful shutdown too: the overflow waits for late spills
        }
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
