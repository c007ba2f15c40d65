package io.quarkiverse.knitting.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkiverse.knitting.AbortSignal;

/**
 * The thread of one stand-in call ({@link StandIns}): it says which call it runs, so that calls made by that call's
 * body are treated as calls made by a body of the pool (in place, or by another stand-in when their argument arrives
 * later), that the hard timeout can find it, and what its abort signal is.
 */
final class StandInThread extends Thread {

    private static final VarHandle RUNNING;

    static {
        try {
            RUNNING = MethodHandles.lookup().findVarHandle(StandInThread.class, "running", Call.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The threads of the pool this one belongs to, which tells its pool apart. */
    final PoolThreads owner;
    /**
     * The call whose body this thread runs; null once that body has ended (before its answer: continuations run here
     * are not the body) or the hard timeout abandoned it, whichever comes first ({@link #release}).
     */
    volatile Call<?, ?> running;
    /** Calls run in place inside it (read by the watchdog and the shutdown). */
    final InPlaceCalls nested = new InPlaceCalls();
    /**
     * Set while it holds a place under the bound of stand-ins for calls that came back
     * ({@link StandIns#runComingBack}); the one that clears it, its end or the hard timeout abandoning it, gives the
     * place back.
     */
    final AtomicBoolean comingBackPlace = new AtomicBoolean();

    /** Inherits no thread locals from the thread that creates it. */
    StandInThread(PoolThreads owner, Call<?, ?> call, Runnable body, String name, long stackSizeBytes) {
        super(null, body, name, stackSizeBytes, false);
        this.owner = owner;
        this.running = call;
    }

    /** The body of {@code call} ended, or it is abandoned: true for the one side that says so first. */
    boolean release(Call<?, ?> call) {
        return RUNNING.compareAndSet(this, call, null);
    }

    /** The stand-in of the pool with {@code threads} that runs a body on the current thread now, or null. */
    static StandInThread runningABodyOf(PoolThreads threads) {
        return Thread.currentThread() instanceof StandInThread self && self.owner == threads && self.running != null
                ? self : null;
    }

    /** The abort signal of the innermost call running here when that call is abortable, or null. */
    AbortSignal signal() {
        Call<?, ?> call = nested.innermost();
        if (call == null) {
            call = running;
        }
        return call != null && call.task.abortable ? call::hasAborted : null;
    }
}
