package io.quarkiverse.knitting.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs a call whose argument arrived while the body that made it still runs, when no lane other than that body's is
 * idle to take it (see {@link PendingArgument}). Queued behind a busy lane, the call could wait for ever: the body on
 * that lane may be the one waiting for it, or wait in turn for a call queued behind the first. A stand-in runs it at
 * once on a thread of its own ({@code knitting-<pool>-standin-<n>}, one per call, which ends with it), as the body
 * that made it would have run it in place had the argument been at hand; calls that body makes run in place on the
 * same thread. It runs the way the inline lane runs a call, with what a lane adds: an abortable call sees its abort
 * signal, the hard timeout abandons a runaway ({@link Runaways#scan}), and an immediate shutdown fails an abortable
 * one. The pool's termination waits for stand-in threads, as it waits for workers.
 */
final class StandIns {

    private final Pool pool;
    private final PoolThreads threads;
    /** Runs a call as the inline lane does, on the thread at hand; it is no lane of the balancer's. */
    private final InlineLane runner;
    /**
     * The most stand-ins that run calls that came back to the pool at once ({@link #runComingBack}): as many as
     * {@code ForkJoinPool} adds at most to make up for blocked workers. A bound per pool, not per waiting body, so it
     * is generous: a chain that nests more blocked bodies than that, all waiting for calls back, waits for the hard
     * timeout. A test lowers it.
     */
    static final int MAX_COMING_BACK = 256;
    int comingBackBound = MAX_COMING_BACK;
    private final AtomicInteger comingBackRunning = new AtomicInteger();
    /** The stand-ins whose call has not ended, abandoned ones aside. */
    private final Set<StandInThread> live = ConcurrentHashMap.newKeySet();
    /** Starts a stand-in; a test makes it throw as a JVM out of native threads does. */
    Consumer<Thread> starter = Thread::start;

    StandIns(Pool pool, PoolThreads threads) {
        this.pool = pool;
        this.threads = threads;
        this.runner = new InlineLane(pool, -1, 1, call -> ((StandInThread) Thread.currentThread()).release(call));
    }

    /** Runs {@code call} on a thread made for it; a thread that cannot start fails the call with the reason. */
    void run(Call<?, ?> call) {
        runOnAThreadOfItsOwn(call, false);
    }

    /**
     * Runs a call that came back to this pool within one of its blocked bodies ({@link MadeWithin}) on a thread made
     * for it, while fewer such threads run than {@link #comingBackBound}; false, with nothing done, at that bound: the
     * call is then queued and looked at again.
     */
    boolean runComingBack(Call<?, ?> call) {
        if (!roomForOneComingBack()) {
            return false;
        }
        runOnAThreadOfItsOwn(call, true);
        return true;
    }

    private void runOnAThreadOfItsOwn(Call<?, ?> call, boolean comingBack) {
        StandInThread thread = made(call, false, comingBack);
        if (thread != null) {
            start(thread, call);
        }
    }

    /**
     * Starts a call still queued on a lane out of that queue and runs it on a thread made for it
     * ({@link Pool#rescueFromIdleLane}); the lane skips it when it comes to it. Nothing happens when the lane started
     * it first, or it was settled. The thread is counted before the call leaves the queues: a graceful shutdown, which
     * waits for both to be empty, always sees one of the two.
     */
    void takeOutOfItsQueue(Call<?, ?> call) {
        takeOutOfItsQueue(call, false);
    }

    /**
     * The same for a call that came back to this pool ({@link Pool#rescueIfCameBack}), under the bound of
     * {@link #runComingBack}; false when at that bound, with nothing done.
     */
    boolean takeComingBackOutOfItsQueue(Call<?, ?> call) {
        if (!roomForOneComingBack()) {
            return false;
        }
        takeOutOfItsQueue(call, true);
        return true;
    }

    private void takeOutOfItsQueue(Call<?, ?> call, boolean comingBack) {
        StandInThread thread = made(call, true, comingBack);
        if (thread == null) {
            return; // it stays queued
        }
        if (!call.startOutsideItsQueue()) {
            threads.exited(thread);
            leftComingBack(thread);
            return;
        }
        pool.queued.leave();
        start(thread, call);
    }

    /**
     * A stand-in made (and counted) for {@code call}, holding the place under the bound that {@code comingBack} says
     * the caller took; null when none could be made: the place is given back, and a call the stand-in was to run
     * fails with the reason, while one it was to take out of its queue ({@code started}) stays there.
     */
    private StandInThread made(Call<?, ?> call, boolean started, boolean comingBack) {
        StandInThread thread;
        try {
            thread = threads.newStandIn(call, () -> runHere(call, started));
        } catch (Throwable cannotMake) {
            if (comingBack) {
                comingBackRunning.decrementAndGet();
            }
            if (!started) {
                call.fail(cannotMake);
            }
            return null;
        }
        thread.comingBackPlace.set(comingBack);
        return thread;
    }

    /** Starts a stand-in made for {@code call}; a thread that cannot start fails the call with the reason. */
    private void start(StandInThread thread, Call<?, ?> call) {
        live.add(thread);
        try {
            starter.accept(thread);
        } catch (Throwable cannotStart) { // out of native threads, say
            live.remove(thread);
            threads.exited(thread);
            leftComingBack(thread);
            call.fail(cannotStart);
        }
    }

    private boolean roomForOneComingBack() {
        if (comingBackRunning.incrementAndGet() > comingBackBound) {
            comingBackRunning.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back the place {@code standIn} holds under the bound, once, whoever asks first. */
    private void leftComingBack(StandInThread standIn) {
        if (standIn.comingBackPlace.compareAndSet(true, false)) {
            comingBackRunning.decrementAndGet();
        }
    }

    /** Whether this thread is one of this pool's stand-ins running a body: a call made here runs in place. */
    boolean runsABodyHere() {
        return StandInThread.runningABodyOf(threads) != null;
    }

    /** Whether this thread is one of this pool's stand-ins, which cannot wait for the pool to terminate. */
    boolean isStandInHere() {
        return Thread.currentThread() instanceof StandInThread self && self.owner == threads;
    }

    /**
     * A call made by the body a stand-in runs here: it runs in place, inside that body's turn, where the hard timeout
     * and the shutdown find it ({@link StandInThread#nested}).
     */
    void runInPlace(Call<?, ?> call) {
        InPlaceCalls listed = callsInPlaceHere();
        runner.runInPlace(call, listed);
        listed.unlist(call); // not when an error escaped: runHere answers it
    }

    /** The calls run in place on this stand-in thread, where the dispatch of such a call lists it first. */
    InPlaceCalls callsInPlaceHere() {
        return ((StandInThread) Thread.currentThread()).nested;
    }

    /**
     * An immediate shutdown: abortable stand-in calls, those run in place included, fail as closed, which aborts
     * them, as on a lane. One that starts after this looked sees the shutdown when it starts.
     */
    void failAbortable() {
        for (StandInThread standIn : live) {
            failIfAbortable(standIn.running);
            for (Call<?, ?> nested : standIn.nested) {
                failIfAbortable(nested);
            }
        }
    }

    private void failIfAbortable(Call<?, ?> call) {
        if (call != null && call.task.abortable) {
            call.fail(pool.closedError());
        }
    }

    /** Hands each stand-in whose call has run {@code hardNanos} or more to {@code runaway}. */
    void forEachRunaway(long now, long hardNanos, BiConsumer<StandInThread, Call<?, ?>> runaway) {
        for (StandInThread standIn : live) {
            Call<?, ?> call = standIn.running;
            long from = call == null ? 0 : call.hardTimeoutFrom();
            if (from != 0 && now - from >= hardNanos) {
                runaway.accept(standIn, call);
            }
        }
    }

    /** Takes a runaway from the live ones; false when its body ended meanwhile. */
    boolean abandon(StandInThread standIn, Call<?, ?> call) {
        if (!standIn.release(call) || !live.remove(standIn)) {
            return false;
        }
        leftComingBack(standIn); // a runaway must not hold a place other calls back need
        return true;
    }

    private void runHere(Call<?, ?> call, boolean started) {
        StandInThread self = (StandInThread) Thread.currentThread();
        try {
            if (started) {
                runner.runStarted(call);
            } else {
                runner.run(call);
            }
        } finally {
            try {
                self.nested.answerLeftBehind();
                self.release(call); // already, unless the body never ran (the call was settled first)
                live.remove(self);
            } finally {
                leftComingBack(self);
            }
        }
    }
}
