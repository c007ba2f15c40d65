package io.quarkiverse.knitting.benchmarks;

import org.jboss.threads.EnhancedQueueExecutor;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JBoss Threads' {@code EnhancedQueueExecutor}, the executor behind Quarkus's worker pool, with {@code workers} core
 * (and maximum) threads started up front.
 */
@State(Scope.Benchmark)
public class EnhancedQueue extends ExecutorMechanism {

    EnhancedQueueExecutor executor;

    @Override
    void start(int workers) {
        executor = new EnhancedQueueExecutor.Builder()
                .setCorePoolSize(workers)
                .setMaximumPoolSize(workers)
                .setThreadFactory(new WorkerThreads(threadPrefix()))
                .setRegisterMBean(false)
                .build();
        executor.prestartAllCoreThreads();
    }

    @Override
    void execute(Runnable job) {
        executor.execute(job);
    }

    @Override
    String threadPrefix() {
        return "eqe-worker";
    }

    @Override
    public void close() throws InterruptedException {
        stop(executor);
    }
}
