package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the user code that a pool's control threads meet runs: the answers they settle (timeouts, cancel deadlines,
 * calls failed at shutdown), the upstream cancels they trigger, the end of the shutdown. A thread is made whenever work
 * arrives and none is free, so a continuation that blocks never holds back the next answer; an idle one leaves after
 * {@link #KEEP_ALIVE_SECONDS}, and all of them once the pool has terminated.
 * <p>
 * Mutiny's default executor did this job before. In Quarkus that is the worker pool, and callers that block on its
 * threads can fill it: their own timeout answers then waited behind them, for ever.
 */
final class AnswerThreads implements Executor {

    static final long KEEP_ALIVE_SECONDS = 10;

    private final ThreadPoolExecutor threads;

    AnswerThreads(ThreadFactory factory) {
        threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), factory);
    }

    /** Runs {@code work} on a free answer thread or a new one; what it throws is reported, never the thread's end. */
    @Override
    public void execute(Runnable work) {
        threads.execute(() -> {
            try {
                work.run();
            } catch (Throwable userFailure) {
                UserCode.dropped(userFailure);
            }
        });
    }

    /** Takes no more work (execute throws from now on); the threads leave once what they run returns. */
    void stop() {
        threads.shutdown();
    }

    /**
     * After {@link #stop}: waits until every answer thread has run its last task, those made but not yet started
     * included (a join would find one of those not alive yet); false when {@code deadline} passed first.
     */
    boolean awaitStopped(long deadline) throws InterruptedException {
        return threads.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
