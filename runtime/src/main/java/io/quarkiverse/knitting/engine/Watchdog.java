package io.quarkiverse.knitting.engine;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.TaskTimeoutException;

/**
 * The pool's one timekeeping thread: it fires soft timeouts and cancel deadlines, rejects calls that waited in a queue
 * past their queue deadline, fails calls that waited in a queue past the hard timeout, scans the worker lanes (and the
 * calls awaiting an output) for one running past it, reports calls running past {@code worker.stuck-warn-ms}
 * ({@link StuckCalls}), and starts a delayed shutdown. It sleeps until the earliest deadline it knows of; a caller
 * whose deadline is earlier wakes it, and so does the first call watched while no deadline queue holds calls, so
 * that settled calls are pruned from the start.
 * With a hard timeout it also wakes every {@code hard/8} (at least 1 ms, at most 250 ms) to scan, so a runaway is
 * caught within an eighth of the limit.
 * <p>
 * It runs no user code: answers settled here go to another executor ({@link Call#answer}), and a failure in one
 * action is logged and does not stop the others.
 */
final class Watchdog {

    /** While any deadline queue holds calls, settled heads are pruned at least this often. */
    private static final long PRUNE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
    /**
     * How long a call sent to a lane that was idle, for a body that may wait for it, may wait there before a stand-in
     * takes it ({@link Pool#rescueFromIdleLane}): far longer than such a lane takes to start it, short enough that a
     * body waiting for it behind that lane is not stuck.
     */
    static final long IDLE_LANE_START_MS = 10;

    private final Pool pool;
    private final DeadlineQueue hardQueue;
    private final long hardNanos;
    private final long hardMillis;
    private final long scanNanos;
    /** {@code worker.stuck-warn-ms}; null when off. */
    final StuckCalls stuckCalls;
    private volatile DeadlineQueue[] taskQueues = new DeadlineQueue[0];
    private volatile boolean stop;
    /** When the watchdog will next look, valid while {@code sleepingForever} is false. */
    private volatile long wakeAt;
    private volatile boolean sleepingForever = true;
    /**
     * Whether the watchdog wakes every {@code PRUNE_NANOS} because a deadline queue holds calls. When it does not (it
     * sleeps until a deadline, a scan or forever), the first call watched wakes it, so that calls settled long before
     * their deadline are pruned from the start and do not pile up until the next scan.
     */
    private volatile boolean prunes;
    /** {@code System.nanoTime()} at which a delayed shutdown starts, valid while {@code shutdownPending}. */
    private volatile long shutdownAt;
    private volatile boolean shutdownPending;
    private Thread thread;

    Watchdog(Pool pool, long hardTimeoutMs) {
        this.pool = pool;
        this.hardMillis = hardTimeoutMs;
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
        long stuckWarnMs = pool.settings.worker().stuckWarnMs();
        this.stuckCalls = stuckWarnMs > 0 ? new StuckCalls(pool, stuckWarnMs) : null;
    }

    void start() {
        thread = pool.threads.newControl(this::watch, "watchdog", false);
        thread.start();
    }

    void stop() {
        stop = true;
        LockSupport.unpark(thread);
    }

    /** The queue for deadlines of one kind and duration; tasks with the same ones share it. */
    synchronized DeadlineQueue queue(DeadlineQueue.Kind kind, long millis) {
        for (DeadlineQueue queue : taskQueues) {
            if (queue.kind == kind && queue.durationMillis == millis) {
                return queue;
            }
        }
        DeadlineQueue queue = new DeadlineQueue(kind, millis);
        DeadlineQueue[] grown = Arrays.copyOf(taskQueues, taskQueues.length + 1);
        grown[taskQueues.length] = queue;
        taskQueues = grown;
        return queue;
    }

    boolean hasHardTimeout() {
        return hardQueue != null;
    }

    /** Starts the pool's shutdown {@code delayNanos} from now (the earliest request wins). */
    void shutdownAfter(long delayNanos) {
        long at = System.nanoTime() + delayNanos;
        synchronized (this) {
            if (shutdownPending && shutdownAt - at <= 0) {
                return;
            }
            shutdownAt = at;
            shutdownPending = true;
        }
        LockSupport.unpark(thread);
    }

    /** Puts a dispatched call under watch; {@code call.submittedAt} is set. */
    void watch(Call<?, ?> call) {
        long earliest = call.submittedAt + Pool.NO_DEADLINE;
        if (hardQueue != null) {
            earliest = hardQueue.add(call);
        }
        RegisteredTask<?, ?> task = call.task;
        if (!call.taskDeadlinesWatched()) {
            earliest = earlier(earliest, addTaskDeadlines(call));
        }
        if (task.queueWaitQueue != null) {
            earliest = earlier(earliest, task.queueWaitQueue.add(call));
        }
        wake(earliest);
    }

    /**
     * Watches a queued call that a body at work may wait for until a lane starts it ({@code kind}
     * {@link DeadlineQueue.Kind#SENT_TO_IDLE_LANE} or {@link DeadlineQueue.Kind#CAME_BACK}), next looking
     * {@code afterMs} from its time stamp; {@code call.submittedAt} is set. Rare paths: the queue (one per kind and
     * time, each a FIFO) is looked up each time.
     */
    void watchForRescue(DeadlineQueue.Kind kind, Call<?, ?> call, long afterMs) {
        wake(queue(kind, afterMs).add(call));
    }

    /** Puts a call whose argument is still pending under watch for its task's soft timeout and cancel deadline. */
    void watchFromSubscription(PendingCall<?, ?> call) {
        wake(addTaskDeadlines(call));
    }

    /** Adds the call to its task's soft-timeout and cancel queues; returns the earliest of those deadlines. */
    private long addTaskDeadlines(Call<?, ?> call) {
        RegisteredTask<?, ?> task = call.task;
        long earliest = call.deadlineFrom() + Pool.NO_DEADLINE;
        if (task.timeoutQueue != null) {
            earliest = earlier(earliest, task.timeoutQueue.add(call));
        }
        if (task.cancelQueue != null) {
            earliest = earlier(earliest, task.cancelQueue.add(call));
        }
        return earliest;
    }

    /** Wakes the watchdog when a deadline just added comes before the one it sleeps until. */
    private void wake(long earliest) {
        if (!prunes) {
            prunes = true; // racing callers may both unpark: harmless; the watchdog resets it after each look
            LockSupport.unpark(thread);
        } else if (sleepingForever || earliest - wakeAt < 0) {
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
                long next = now + (hardQueue != null ? scanNanos : Pool.NO_DEADLINE);
                boolean forever = hardQueue == null;
                boolean holdsCalls = false;
                if (hardQueue != null) {
                    scanForRunaways(now);
                    long due = expire(hardQueue, now, next);
                    holdsCalls = due != next;
                    next = due;
                }
                if (stuckCalls != null) {
                    scanForStuckCalls(now);
                    next = earlier(next, now + stuckCalls.scanNanos);
                    forever = false;
                }
                for (DeadlineQueue queue : taskQueues) {
                    long due = expire(queue, now, next);
                    if (due != next) {
                        next = due;
                        forever = false;
                        holdsCalls = true;
                    }
                }
                if (shutdownPending) {
                    next = startShutdownIfDue(now, next);
                    forever = false;
                }
                wakeAt = next;
                sleepingForever = forever;
                prunes = holdsCalls;
                // a call watched after the queues were looked at, which saw prunes still true, is seen here
                if (!holdsCalls && anyQueueHoldsCalls()) {
                    continue;
                }
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
            pool.lifecycle.watchdogExited(this, thread);
        }
    }

    private void scanForRunaways(long now) {
        try {
            pool.runaways.scan(now, hardNanos);
            pool.outputs.failOverdue(now, hardNanos, hardMillis);
        } catch (Throwable unexpected) {
            report("scanning for runaway calls", unexpected);
        }
    }

    private void scanForStuckCalls(long now) {
        try {
            stuckCalls.scan(now);
        } catch (Throwable unexpected) {
            report("looking for stuck calls", unexpected);
        }
    }

    private long startShutdownIfDue(long now, long next) {
        long at = shutdownAt;
        if (at - now > 0) {
            return earlier(next, at);
        }
        shutdownPending = false;
        try {
            pool.beginShutdown();
        } catch (Throwable unexpected) {
            report("starting a delayed shutdown", unexpected);
        }
        return next;
    }

    /** Handles the due heads of {@code queue}; returns the earlier of {@code next} and the queue's next wake-up. */
    private long expire(DeadlineQueue queue, long now, long next) {
        Call<?, ?> call;
        while ((call = queue.head()) != null) {
            long deadline = queue.deadlineOf(call);
            if (deadline - now > 0) {
                return earlier(next, earlier(deadline, now + PRUNE_NANOS));
            }
            queue.removeHead();
            try {
                expire(queue, call);
            } catch (Throwable unexpected) {
                report("expiring a deadline of " + call.task, unexpected);
            }
        }
        return next;
    }

    private void expire(DeadlineQueue queue, Call<?, ?> call) {
        switch (queue.kind) {
            // the caller's own deadline: it has most likely answered already and ignores this answer; if it has not
            // (its timeout was switched off after this deadline was set), this answer is the one it gets
            case CANCEL -> timeOut(call, new CancelDeadlineException(call.task, "Call of " + call.task
                    + " was cancelled after " + queue.durationMillis
                    + " ms (its caller's deadline, such as a Fault Tolerance @Timeout)"), false);
            case SOFT -> timeOut(call, new TaskTimeoutException("Call of " + call.task + " timed out after "
                    + queue.durationMillis + " ms (soft timeout)"),
                    call.task.options().onTimeout() == OnTimeout.NULL);
            case QUEUE_WAIT -> {
                if (call.rejectIfQueued(call.waitedTooLong(queue.durationMillis))) {
                    pool.rejections.record();
                }
            }
            case SENT_TO_IDLE_LANE -> pool.rescueFromIdleLane(call);
            case CAME_BACK -> pool.rescueIfCameBack(call);
            case HARD -> call.failIfQueued(new HardTimeoutException("Call of " + call.task + " waited in a queue longer "
                    + "than the hard timeout of " + queue.durationMillis + " ms (worker.hard-timeout-ms); no lane "
                    + "restarted"), TaskMeter.Outcome.HARD_TIMEOUT);
        }
    }

    /** A call still waiting for its argument is answered as it is; any other times out. */
    private static void timeOut(Call<?, ?> call, TaskTimeoutException error, boolean withNull) {
        if (!(call instanceof PendingCall<?, ?> pending && pending.expireUndispatched(error, withNull))) {
            call.timeOut(error, withNull);
        }
    }

    private boolean anyQueueHoldsCalls() {
        if (hardQueue != null && !hardQueue.isEmpty()) {
            return true;
        }
        for (DeadlineQueue queue : taskQueues) {
            if (!queue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** A caller may have added an earlier deadline after the scan: look at the heads once more before sleeping. */
    private boolean dueBefore(long next) {
        if (hardQueue != null && hardQueue.dueBefore(next)) {
            return true;
        }
        for (DeadlineQueue queue : taskQueues) {
            if (queue.dueBefore(next)) {
                return true;
            }
        }
        return shutdownPending && shutdownAt - next < 0;
    }

    private void report(String what, Throwable unexpected) {
        LOG.log(System.Logger.Level.ERROR, "knitting pool ''" + pool.name() + "'': the watchdog failed " + what
                + "; it goes on", unexpected);
    }
}
