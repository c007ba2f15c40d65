package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scaling: several caller threads share one mechanism with {@code workers} (1 or 2) worker threads; each caller
 * makes round trips back to back. The score is the calls per millisecond of all callers together.
 * <p>
 * The number of callers is JMH's thread count: {@code -t 1}, {@code -t 2}, {@code -t 4} (one run each; the
 * annotation's default is 1). The machine these were written for has 2 cores, so 2 callers and 2 workers already
 * fill it and 4 callers oversubscribe it: that is why callers wait by spinning briefly and then yielding their core
 * ({@link Caller#roundTripYielding}), the same for every mechanism. With pure spinning, 4 callers would starve the
 * workers they wait for and measure the OS scheduler instead.
 * <p>
 * The spin floors are left out: they have one producer by contract. The balancer variants are in
 * {@link BalancerBenchmark}, since a pool with one lane bypasses its balancer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Threads(1)
public class ScalingBenchmark {

    @Param({ "1", "2" })
    int workers;

    @Benchmark
    public Object knitting(Knitting mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }

    /** Every {@code (workers + 1)}-th call runs on its caller's thread (see {@link KnittingInliner}). */
    @Benchmark
    public Object knittingInliner(KnittingInliner mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }

    @Benchmark
    public Object threadPool(ThreadPool mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }

    @Benchmark
    public Object forkJoin(ForkJoin mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }

    @Benchmark
    public Object enhancedQueue(EnhancedQueue mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }

    /** All callers share the one event loop (see {@link VertxBlocking}). */
    @Benchmark
    public Object vertxExecuteBlocking(VertxBlocking mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }

    /** Java 21+ only; {@code workers} carriers. */
    @Benchmark
    public Object virtualThreads(VirtualThreads mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }
}
