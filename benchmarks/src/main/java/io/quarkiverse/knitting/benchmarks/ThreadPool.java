package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The classic fixed pool: {@code workers} core threads, started up front, fed by a {@code LinkedBlockingQueue}. */
@State(Scope.Benchmark)
public class ThreadPool extends ExecutorMechanism {

    ThreadPoolExecutor executor;

    @Override
    void start(int workers) {
        executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new WorkerThreads(threadPrefix()));
        executor.prestartAllCoreThreads();
    }

    @Override
    void execute(Runnable job) {
        executor.execute(job);
    }

    @Override
    String threadPrefix() {
        return "tpe-worker";
    }

    @Override
    public void close() throws InterruptedException {
        stop(executor);
    }
}
