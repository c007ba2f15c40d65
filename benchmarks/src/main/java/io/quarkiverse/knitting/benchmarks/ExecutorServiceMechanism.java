package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.ExecutorService;

/** A mechanism that is a JDK or JBoss {@code ExecutorService}: {@link #start} makes {@link #executor}. */
abstract class ExecutorServiceMechanism extends ExecutorMechanism {

    /** Set by {@link #start}; null when it failed. */
    ExecutorService executor;

    @Override
    final void execute(Runnable job) {
        executor.execute(job);
    }

    @Override
    public final void close() throws InterruptedException {
        if (executor != null) {
            stop(executor);
        }
    }
}
