package io.quarkiverse.knitting.engine;

import java.util.ArrayDeque;

import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * Calls waiting for deadlines of one fixed duration. Every call enters when its deadline starts (its dispatch, or
 * for a task's deadlines of a call waiting for its argument, its subscription) and all share the duration, so
 * deadlines come out in the order calls went in: a FIFO is a timer wheel with a single slot, with O(1)
 * insertion and no cancellation traffic.
 * <p>
 * Callers offer into an inbox; the watchdog moves the inbox into its own deque and pops heads that are due. A call
 * that no longer needs its deadline (settled, or, for the hard timeout of queued calls, started) is dropped from the
 * deque whenever the deque has doubled since it was last swept, so one long call at the head cannot pin every call
 * that came after it: the memory held stays proportional to the calls still waiting, and each call is swept O(1)
 * times on average.
 * <p>
 * Contract: any thread calls {@link #add}; only the watchdog thread calls the rest.
 */
final class DeadlineQueue {

    enum Kind {
        /** A task's soft timeout: the call times out whatever its state. */
        SOFT,
        /** The pool's hard timeout for calls still queued; running calls are the lane scan's business. */
        HARD,
        /** A task's cancel deadline: the call is cancelled (aborted, dropped without an answer). */
        CANCEL,
        /** A task's queue-wait deadline: a call still queued is rejected; a running one is not this queue's business. */
        QUEUE_WAIT,
        /**
         * The pool's time for a call sent to a lane that was idle, for a body that may wait for it, to start there: one
         * still queued is taken by a stand-in ({@link Pool#rescueFromIdleLane}).
         */
        SENT_TO_IDLE_LANE,
        /**
         * How often the pool looks at a call that came back to it within one of its bodies still at work
         * ({@link MadeWithin}) and was queued as usual: one still queued while a body of its chain is blocked is taken
         * by a stand-in; one whose chain still holds a body at work is looked at again ({@link Pool#rescueIfCameBack}).
         * Counted from the last look ({@link MadeWithin#lookedAt}).
         */
        CAME_BACK
    }

    /** Below this many calls a sweep is not worth its walk. */
    private static final int MIN_SWEEP = 1_024;

    final Kind kind;
    final long durationNanos;
    final long durationMillis;
    private final MpscUnboundedAtomicArrayQueue<Call<?, ?>> inbox = new MpscUnboundedAtomicArrayQueue<>(256);
    private final ArrayDeque<Call<?, ?>> waiting = new ArrayDeque<>();
    private int sweepAt = MIN_SWEEP;

    DeadlineQueue(Kind kind, long durationMillis) {
        this.kind = kind;
        this.durationMillis = durationMillis;
        this.durationNanos = durationMillis * 1_000_000L;
    }

    /** Adds a call; returns its deadline in {@code System.nanoTime()} terms. */
    long add(Call<?, ?> call) {
        inbox.offer(call);
        return deadlineOf(call);
    }

    /**
     * A task's deadlines count from the call ({@link Call#deadlineFrom}: its subscription when it waited for its
     * argument), the pool's queue deadlines from its dispatch.
     */
    long deadlineOf(Call<?, ?> call) {
        if (kind == Kind.CAME_BACK) {
            MadeWithin link = call.madeWithin; // null once settled: due, and dropped at the look
            return (link != null ? link.lookedAt : call.submittedAt) + durationNanos;
        }
        return (kind == Kind.SOFT || kind == Kind.CANCEL ? call.deadlineFrom() : call.submittedAt) + durationNanos;
    }

    /** The earliest call that still needs its deadline, or null; moves the inbox in and sweeps first. */
    Call<?, ?> head() {
        Call<?, ?> call;
        while ((call = inbox.relaxedPoll()) != null) {
            waiting.addLast(call);
        }
        if (waiting.size() >= sweepAt) {
            waiting.removeIf(this::done);
            sweepAt = Math.max(MIN_SWEEP, waiting.size() * 2);
        }
        while ((call = waiting.peekFirst()) != null && done(call)) {
            waiting.pollFirst();
        }
        return call;
    }

    void removeHead() {
        waiting.pollFirst();
    }

    /** Whether no call waits here, the inbox included (not relaxed: a call being added counts). */
    boolean isEmpty() {
        return waiting.isEmpty() && inbox.isEmpty();
    }

    /** The head's deadline without moving the inbox in; a call only a caller has seen yet does not count. */
    boolean dueBefore(long instant) {
        Call<?, ?> call = waiting.peekFirst();
        if (call == null) {
            call = inbox.peek(); // not relaxed: a call claimed but not yet visible must not let the watchdog sleep
        }
        return call != null && deadlineOf(call) - instant < 0;
    }

    private boolean done(Call<?, ?> call) {
        return kind == Kind.HARD || kind == Kind.QUEUE_WAIT || kind == Kind.SENT_TO_IDLE_LANE
                || kind == Kind.CAME_BACK ? !call.isQueued()
                : call.isSettled();
    }
}
