package io.quarkiverse.knitting.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one pool, in one map from thread to role: it names them, knows which ones the pool's termination
 * waits for, abandons stuck workers, and joins the rest. A thread that has run its last line is marked exited and
 * still joined (it may be alive for a few more instructions); exited threads that have ended leave the map when the
 * next thread is made.
 * <p>
 * Contract: any thread may call. "Counted" threads (workers, the host dispatcher, the stand-ins) are those the pool's
 * termination waits for; when the last one ends or is abandoned, {@code lastCountedGone} runs (perhaps more than
 * once: it must be idempotent). The watchdog and the answer threads
 * are not counted: termination is what stops them.
 */
final class PoolThreads {

    private enum Role {
        COUNTED,
        WATCHDOG,
        ANSWERING,
        ABANDONED,
        EXITED
    }

    private final String poolName;
    private final long stackSizeBytes;
    private final Runnable lastCountedGone;
    /**
     * The context class loader of the thread that built the pool (in Quarkus: the application's), set on every thread
     * the pool makes, whichever thread makes it later.
     */
    private final ClassLoader contextLoader;
    private final ConcurrentHashMap<Thread, Role> threads = new ConcurrentHashMap<>();
    private final AtomicInteger answerThreadsMade = new AtomicInteger();
    private final AtomicInteger standInThreadsMade = new AtomicInteger();
    private final AnswerThreads answers = new AnswerThreads(this::newAnswerThread);

    PoolThreads(String poolName, long stackSizeBytes, Runnable lastCountedGone) {
        this.poolName = poolName;
        this.stackSizeBytes = stackSizeBytes;
        this.lastCountedGone = lastCountedGone;
        this.contextLoader = Thread.currentThread().getContextClassLoader();
    }

    /** Where the pool's own threads send user code they must not run themselves; refuses work once stopped. */
    Executor answers() {
        return answers;
    }

    /** Called once the pool has terminated (before {@link #join}): no control thread is left to settle an answer. */
    void stopAnswering() {
        answers.stop();
    }

    /** A counted worker thread for {@code lane}, named {@code knitting-<pool>-<lane index>}; not started yet. */
    WorkerThread newWorker(Pool pool, WorkerLane lane, Runnable body) {
        WorkerThread thread = new WorkerThread(pool, lane, body, "knitting-" + poolName + "-" + lane.index(),
                stackSizeBytes, contextLoader);
        track(thread, Role.COUNTED);
        return thread;
    }

    /**
     * A counted stand-in thread for {@code call}, named {@code knitting-<pool>-standin-<n>}, n counting from 1; not
     * started yet ({@link #exited} it if it cannot start).
     */
    StandInThread newStandIn(Call<?, ?> call, Runnable work) {
        Runnable body = () -> {
            try {
                work.run();
            } finally {
                exited(Thread.currentThread());
            }
        };
        StandInThread thread = new StandInThread(this, call, body,
                "knitting-" + poolName + "-standin-" + standInThreadsMade.incrementAndGet(), stackSizeBytes);
        thread.setContextClassLoader(contextLoader);
        thread.setDaemon(true);
        track(thread, Role.COUNTED);
        return thread;
    }

    /** A control thread named {@code knitting-<pool>-<role>}; counted unless it is the watchdog. Not started yet. */
    Thread newControl(Runnable body, String role, boolean counted) {
        Thread thread = new ControlThread(body, "knitting-" + poolName + "-" + role, contextLoader, answers);
        track(thread, counted ? Role.COUNTED : Role.WATCHDOG);
        return thread;
    }

    /** An answer thread named {@code knitting-<pool>-answer-<n>}, n counting from 1; not started yet. */
    private Thread newAnswerThread(Runnable work) {
        Runnable body = () -> {
            try {
                work.run();
            } finally {
                exited(Thread.currentThread());
            }
        };
        String name = "knitting-" + poolName + "-answer-" + answerThreadsMade.incrementAndGet();
        Thread thread = new Thread(null, body, name, 0, false);
        thread.setContextClassLoader(contextLoader);
        thread.setDaemon(true);
        track(thread, Role.ANSWERING);
        return thread;
    }

    private void track(Thread thread, Role role) {
        threads.entrySet().removeIf(entry -> entry.getValue() == Role.EXITED && !entry.getKey().isAlive());
        threads.put(thread, role);
    }

    /** {@code thread} runs its last lines (or never started). */
    void exited(Thread thread) {
        if (threads.put(thread, Role.EXITED) == Role.COUNTED && noneCounted()) {
            lastCountedGone.run();
        }
    }

    /** Gives up on a stuck worker: nobody waits for it any more, and it is interrupted in case it listens. */
    void abandon(Thread stuck, long generation) {
        letGo(stuck, generation);
        stuck.interrupt();
    }

    /**
     * Lets a worker go that a successor replaced while it was held outside a body: nobody waits for it any more, and
     * it is not interrupted, since what holds it (a continuation of an answer) may well end normally now.
     */
    void letGo(Thread held, long generation) {
        held.setName(abandonedName(held, generation));
        boolean wasCounted = threads.replace(held, Role.COUNTED, Role.ABANDONED);
        if (wasCounted && noneCounted()) {
            lastCountedGone.run();
        }
    }

    /** The name a worker abandoned in {@code generation} carries from then on, for thread dumps. */
    static String abandonedName(Thread stuck, long generation) {
        return stuck.getName() + "-abandoned-" + generation;
    }

    boolean noneCounted() {
        return !threads.containsValue(Role.COUNTED);
    }

    /** Abandoned threads still running (each is marked exited when it ends). */
    int abandonedAlive() {
        int alive = 0;
        for (Role role : threads.values()) {
            if (role == Role.ABANDONED) {
                alive++;
            }
        }
        return alive;
    }

    /**
     * Joins every live thread but the abandoned ones and the caller; false when {@code deadline} passed first. A caller
     * on one of the answer threads (a continuation that closes the pool) does not wait for the others either: one of
     * them may be waiting for it the same way.
     */
    boolean join(long deadline) throws InterruptedException {
        boolean onAnswerThread = threads.get(Thread.currentThread()) == Role.ANSWERING;
        if (!onAnswerThread && !answers.awaitStopped(deadline)) {
            return false;
        }
        for (var entry : threads.entrySet()) {
            Thread thread = entry.getKey();
            Role role = entry.getValue();
            boolean peer = onAnswerThread && role == Role.ANSWERING;
            if (role == Role.ABANDONED || thread == Thread.currentThread() || peer) {
                continue; // nobody waits for an abandoned thread, and a pool thread cannot wait for itself
            }
            TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
