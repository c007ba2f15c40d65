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
 * Knitting's balancers at 2 lanes (a pool with one lane bypasses its balancer), with 1, 2 or 4 callers ({@code -t}),
 * measured as {@link ScalingBenchmark} measures: {@code roundTrip} is its round trip, calls per millisecond of all
 * callers; {@code batch} is a batch of {@value #BATCH} calls per caller, time per batch. The peers at the same worker
 * count are {@link ScalingBenchmark}'s {@code workers=2} results of the same run; {@code round-robin} is knitting's
 * default there.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Threads(1)
public class BalancerBenchmark {

    static final int BATCH = 1000;

    @Param("2")
    int workers;

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public Object roundTrip(KnittingBalanced mechanism, Caller caller) {
        return caller.roundTripYielding(mechanism);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void batch(KnittingBalanced mechanism, Caller caller) {
        caller.batchYielding(mechanism, BATCH);
    }
}
