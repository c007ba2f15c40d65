package io.quarkiverse.knitting.engine;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.TaskTimeoutException;

/**
 * The pool's one timekeeping thread: it fires soft timeouts, fails calls that waited in a queue past the hard
 * timeout, and scans the worker lanes for a call running past it. It sleeps until the earliest deadline it knows of;
 * a caller whose deadline is earlier wakes it. With a hard timeout it also wakes every {@code hard/8} (at least
 * 1 ms, at most 250 ms) to scan the lanes, so a runaway is caught within an eighth of the limit.
 */
final class Watchdog {

    /** While any deadline queue holds calls, settled heads are pruned at least this often. */
    private static final long PRUNE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Pool pool;
    private final DeadlineQueue hardQueue;
    private final long hardNanos;
    private final long scanNanos;
    private volatile DeadlineQueue[] softQueues = new DeadlineQueue[0];
    private volatile boolean stop;
    /** When the watchdog will next look, valid while {@code sleepingForever} is false. */
    private volatile long wakeAt;
    private volatile boolean sleepingForever = true;
    private Thread thread;

    Watchdog(Pool pool, long hardTimeoutMs) {
        this.pool = pool;
        if (hardTimeoutMs > 0) {
            this.hardQueue = new DeadlineQueue(DeadlineQueue.Kind.HARD, hardTimeoutMs);
            this.hardNanos = TimeUnit.MILLISECONDS.toNanos(hardTimeoutMs);
            this.scanNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                    Math.min(hardNanos / 8, TimeUnit.MILLISECONDS.toNanos(250)));
        } else {
            this.hardQueue = null;
            this.hardNanos = 0;
            this.scanNanos = 0;
        }
    }

    void start() {
        thread = pool.newThread(this::watch, "watchdog");
        thread.start();
    }

    void stop() {
        stop = true;
        LockSupport.unpark(thread);
    }

    /** The queue for deadlines of one kind and duration; tasks with the same ones share it. */
    synchronized DeadlineQueue queue(DeadlineQueue.Kind kind, long millis) {
        for (DeadlineQueue queue : softQueues) {
            if (queue.kind == kind && queue.durationMillis == millis) {
                return queue;
            }
        }
        DeadlineQueue queue = new DeadlineQueue(kind, millis);
        DeadlineQueue[] grown = Arrays.copyOf(softQueues, softQueues.length + 1);
        grown[softQueues.length] = queue;
        softQueues = grown;
        return queue;
    }

    boolean hasHardTimeout() {
        return hardQueue != null;
    }

    /** Puts a dispatched call under watch; {@code call.submittedAt} is set. */
    void watch(Call<?, ?> call) {
        long earliest = call.submittedAt + Long.MAX_VALUE / 2;
        if (hardQueue != null) {
            earliest = hardQueue.add(call);
        }
        RegisteredTask<?, ?> task = call.task;
        if (task.timeoutQueue != null) {
            earliest = earlier(earliest, task.timeoutQueue.add(call));
        }
        if (task.cancelQueue != null) {
            earliest = earlier(earliest, task.cancelQueue.add(call));
        }
        if (sleepingForever || earliest - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
    }

    private static long earlier(long a, long b) {
        return a - b < 0 ? a : b;
    }

    private void watch() {
        try {
            while (!stop) {
                long now = System.nanoTime();
                long next = now + (hardQueue != null ? scanNanos : Long.MAX_VALUE / 2);
                boolean forever = hardQueue == null;
                if (hardQueue != null) {
                    pool.scanForRunaways(now, hardNanos);
                    next = Math.min(next, expire(hardQueue, now, next));
                }
                for (DeadlineQueue queue : softQueues) {
                    long due = expire(queue, now, next);
                    if (due != next) {
                        next = due;
                        forever = false;
                    }
                }
                wakeAt = next;
                sleepingForever = forever;
                if (!stop && !dueBefore(next)) {
                    if (forever) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, next - System.nanoTime());
                    }
                }
                sleepingForever = false;
            }
        } finally {
            pool.watchdogExited();
        }
    }

    /** Handles the due heads of {@code queue}; returns the earlier of {@code next} and the queue's next wake-up. */
    private long expire(DeadlineQueue queue, long now, long next) {
        Call<?, ?> call;
        while ((call = queue.head()) != null) {
            if (call.isSettled()) {
                queue.removeHead();
                continue;
            }
            long deadline = call.submittedAt + queue.durationNanos;
            if (deadline - now > 0) {
                return Math.min(next, Math.min(deadline, now + PRUNE_NANOS));
            }
            queue.removeHead();
            if (queue.kind == DeadlineQueue.Kind.CANCEL) {
                call.cancel();
            } else if (queue.kind == DeadlineQueue.Kind.SOFT) {
                call.timeOut(new TaskTimeoutException("Call of " + call.task + " timed out after "
                        + queue.durationMillis + " ms (soft timeout)"), call.task.options().onTimeout()
                                == OnTimeout.NULL);
            } else if (call.isQueued()) { // cheap pre-check; failIfQueued decides
                call.failIfQueued(new HardTimeoutException("Call of " + call.task + " waited in a queue longer than the hard "
                        + "timeout of " + queue.durationMillis + " ms (worker.hard-timeout-ms); no lane restarted"));
            }
        }
        return next;
    }

    /** A caller may have added an earlier deadline after the scan: look at the heads once more before sleeping. */
    private boolean dueBefore(long next) {
        if (hardQueue != null && startsBefore(hardQueue, next)) {
            return true;
        }
        for (DeadlineQueue queue : softQueues) {
            if (startsBefore(queue, next)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsBefore(DeadlineQueue queue, long next) {
        Call<?, ?> head = queue.head();
        return head != null && head.submittedAt + queue.durationNanos - next < 0;
    }
}
