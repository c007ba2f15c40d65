package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * A mechanism behind a plain {@code Executor}: a call is {@code execute(job)}, through the executor's lightest path
 * (no {@code FutureTask}), with a job made once per caller.
 */
abstract class ExecutorMechanism extends Mechanism {

    /** Where calls go; set by {@link #start}. */
    abstract void execute(Runnable job);

    @Override
    final Runnable increment(UniSubscriber<Object> completion) {
        Runnable job = new IncrementJob(TrivialTask.ARGUMENT, completion);
        return () -> execute(job);
    }

    @Override
    final Runnable echo(Object payload, UniSubscriber<Object> completion) {
        Runnable job = new EchoJob(payload, completion);
        return () -> execute(job);
    }

    /** Interrupts the workers and waits for them, as every executor here is closed. */
    static void stop(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(executor + " did not stop within 10 s");
        }
    }
}
