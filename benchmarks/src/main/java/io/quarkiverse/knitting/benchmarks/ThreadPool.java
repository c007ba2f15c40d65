package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The classic fixed pool: {@code workers} core threads, started up front, fed by a {@code LinkedBlockingQueue}. */
@State(Scope.Benchmark)
public class ThreadPool extends ExecutorServiceMechanism {

    @Override
    void start(int workers) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new WorkerThreads(threadPrefix()));
        pool.prestartAllCoreThreads();
        executor = pool;
    }

    @Override
    String threadPrefix() {
        return "tpe-worker";
    }
}
