package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon worker threads named {@code <prefix>-<n>}, so the idle probe can find each mechanism's threads. */
final class WorkerThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    WorkerThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable body) {
        Thread thread = new Thread(body, prefix + "-" + count.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }
}
