package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskFunction;

/** The mechanisms under test, each with exactly one worker thread, and the trivial task they all run. */
final class OneWorker {

    /** Below 127, so the argument and the result are cached {@code Integer}s and boxing never allocates. */
    static final int ARGUMENT = 41;

    static final TaskFunction<Integer, Integer> INCREMENT = argument -> argument + 1;

    private OneWorker() {
    }

    /** A knitting pool with one worker lane and default timers (spin 50 µs, then park 50 ms). */
    static KnittingPool knittingPool() {
        return KnittingPool.builder().name("bench").threads(1).build();
    }

    /** The classic single-thread executor: one core thread, started now, fed by a {@code LinkedBlockingQueue}. */
    static ThreadPoolExecutor threadPoolExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                job -> {
                    Thread thread = new Thread(job, "tpe-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.prestartAllCoreThreads();
        return executor;
    }

    static void stop(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The executor's worker did not stop within 10 s");
        }
    }
}
