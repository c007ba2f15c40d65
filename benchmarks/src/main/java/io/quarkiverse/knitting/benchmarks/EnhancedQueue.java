package io.quarkiverse.knitting.benchmarks;

import org.jboss.threads.EnhancedQueueExecutor;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JBoss Threads' {@code EnhancedQueueExecutor}, the executor behind Quarkus's worker pool, with {@code workers} core
 * (and maximum) threads started up front.
 */
@State(Scope.Benchmark)
public class EnhancedQueue extends ExecutorServiceMechanism {

    @Override
    void start(int workers) {
        EnhancedQueueExecutor pool = new EnhancedQueueExecutor.Builder()
                .setCorePoolSize(workers)
                .setMaximumPoolSize(workers)
                .setThreadFactory(new WorkerThreads(threadPrefix()))
                .setRegisterMBean(false)
                .build();
        pool.prestartAllCoreThreads();
        executor = pool;
    }

    @Override
    String threadPrefix() {
        return "eqe-worker";
    }
}
