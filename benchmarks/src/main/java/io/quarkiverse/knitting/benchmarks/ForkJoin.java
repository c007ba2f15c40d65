package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A {@code ForkJoinPool} of parallelism {@code workers}, fed from outside (the caller is not one of its workers, so a
 * call goes through its external submission queue, as a service's calls would).
 */
@State(Scope.Benchmark)
public class ForkJoin extends ExecutorServiceMechanism {

    @Override
    void start(int workers) {
        executor = new ForkJoinPool(workers, this::newWorker, null, false);
    }

    /** Named like the other mechanisms' threads, and unlike the virtual-thread carriers (also fork-join workers). */
    private ForkJoinWorkerThread newWorker(ForkJoinPool owner) {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
        thread.setName(threadPrefix() + "-" + thread.getPoolIndex());
        return thread;
    }

    @Override
    String threadPrefix() {
        return "fjp-worker";
    }
}
