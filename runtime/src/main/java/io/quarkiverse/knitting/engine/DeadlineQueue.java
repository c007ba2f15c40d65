package io.quarkiverse.knitting.engine;

import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * Calls waiting for deadlines of one fixed duration. Every call enters at its dispatch time and all share the
 * duration, so deadlines come out in the order calls went in: a FIFO is a timer wheel with a single slot, with O(1)
 * insertion and no cancellation traffic. The watchdog pops heads that are due or already settled.
 * <p>
 * Contract: any thread offers; only the watchdog thread peeks and polls.
 */
final class DeadlineQueue {

    enum Kind {
        /** A task's soft timeout: the call times out whatever its state. */
        SOFT,
        /** The pool's hard timeout for calls still queued; running calls are the lane scan's business. */
        HARD,
        /** A task's cancel deadline: the call is cancelled (aborted, dropped without an answer). */
        CANCEL
    }

    final Kind kind;
    final long durationNanos;
    final long durationMillis;
    private final MpscUnboundedAtomicArrayQueue<Call<?, ?>> calls = new MpscUnboundedAtomicArrayQueue<>(256);

    DeadlineQueue(Kind kind, long durationMillis) {
        this.kind = kind;
        this.durationMillis = durationMillis;
        this.durationNanos = durationMillis * 1_000_000L;
    }

    /** Adds a call; returns its deadline in {@code System.nanoTime()} terms. */
    long add(Call<?, ?> call) {
        calls.offer(call);
        return call.submittedAt + durationNanos;
    }

    Call<?, ?> head() {
        return calls.peek();
    }

    void removeHead() {
        calls.poll();
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }
}
