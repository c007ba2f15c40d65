package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * A knitting pool with {@code workers} worker lanes and default settings (round-robin balancer, spin
 * {@code workers × 50} µs (at most 100) then park, no inliner), called through its public API: {@code call} builds the lazy
 * {@code Uni}, subscribing dispatches it.
 */
@State(Scope.Benchmark)
public class Knitting extends Mechanism {

    KnittingPool pool;
    TaskRef<Integer, Integer> incrementTask;
    TaskRef<Object, Object> echoTask;

    @Override
    void start(int workers) {
        pool = configure(KnittingPool.builder().name("bench").threads(workers)).build();
        incrementTask = pool.register("increment", TrivialTask.INCREMENT);
        echoTask = pool.register("echo", TrivialTask.ECHO);
    }

    /** What a variant changes on top of the defaults. */
    KnittingPool.Builder configure(KnittingPool.Builder builder) {
        return builder;
    }

    @Override
    final Runnable increment(UniSubscriber<Object> completion) {
        TaskRef<Integer, Integer> task = incrementTask;
        Integer argument = TrivialTask.ARGUMENT; // read from a captured variable, like a real argument
        return () -> task.call(argument).subscribe().withSubscriber(completion);
    }

    @Override
    final Runnable echo(Object payload, UniSubscriber<Object> completion) {
        TaskRef<Object, Object> task = echoTask;
        return () -> task.call(payload).subscribe().withSubscriber(completion);
    }

    @Override
    final String threadPrefix() {
        return "knitting-bench-";
    }

    @Override
    public final void close() {
        pool.close();
    }
}
