package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * One way of running the trivial task on worker threads: a knitting pool, an executor, or a floor. Each concrete
 * mechanism is its own JMH {@code @State}, so a benchmark method starts only the mechanism it measures and only that
 * mechanism's threads exist while it runs (on two cores, a spinning worker left over from another mechanism would take
 * the caller's core).
 * <p>
 * The number of worker threads comes from the benchmark's {@code workers} parameter, so every mechanism of a run gets
 * the same number; each benchmark class declares it, and it shows in every result.
 * <p>
 * A caller asks once for a dispatcher ({@link #increment}, {@link #echo}) and reuses it for every call: running it
 * sends one call and returns at once; the call completes through the subscriber it was made with, by {@code onItem}
 * on whatever thread finished it. How the caller waits is the benchmark's business and the same for every mechanism.
 * Dispatchers and jobs are made once, so whatever a call allocates is the mechanism's own cost.
 */
public abstract class Mechanism implements AutoCloseable {

    /** The benchmark parameter every benchmark class declares. */
    static final String WORKERS = "workers";

    @Setup(Level.Trial)
    public final void setUp(BenchmarkParams params) throws Exception {
        String workers = params.getParam(WORKERS);
        if (workers == null) {
            throw new IllegalStateException(params.getBenchmark() + " declares no @Param '" + WORKERS
                    + "': every benchmark says how many worker threads its mechanisms get");
        }
        start(Integer.parseInt(workers));
    }

    @TearDown(Level.Trial)
    public final void tearDown() throws Exception {
        close();
    }

    /** Starts the mechanism with {@code workers} worker threads. Outside JMH (the idle probe): start, use, close. */
    abstract void start(int workers) throws Exception;

    /** A dispatcher for {@code argument + 1} calls that complete through {@code completion}. */
    abstract Runnable increment(UniSubscriber<Object> completion);

    /** A dispatcher for calls that hand {@code payload} back unchanged through {@code completion}. */
    abstract Runnable echo(Object payload, UniSubscriber<Object> completion);

    /** The name prefix of this mechanism's threads, by which the idle probe finds them. */
    abstract String threadPrefix();

    /** Stops the worker threads and waits until they have stopped. */
    @Override
    public abstract void close() throws Exception;
}
