package io.quarkiverse.knitting.benchmarks;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A batch: dispatch {@code batchSize} calls back to back, then wait until all have completed. The score is the time
 * of one whole batch, so {@code peer / knitting} at the same size is knitting's throughput gain.
 * <p>
 * As in {@link RoundTripBenchmark}, every mechanism completes through the same counting {@code UniSubscriber} and
 * the caller spins until the count is zero ({@link Caller#batch}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class BatchBenchmark {

    @Param("1")
    int workers;

    @Param({ "1", "10", "100", "1000", "10000" })
    int batchSize;

    /** {@code batchSize} arguments for {@link #knittingCallAll}. */
    List<Integer> arguments;

    @Setup
    public void arguments() {
        arguments = Collections.nCopies(batchSize, TrivialTask.ARGUMENT);
    }

    @Benchmark
    public void knitting(Knitting mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    /** The same {@code batchSize} increments as one {@code callAll}: one share per lane, one answer for the batch. */
    @Benchmark
    public Object knittingCallAll(Knitting mechanism, Caller caller) {
        caller.slot.clear();
        mechanism.incrementTask.callAll(arguments).subscribe().withSubscriber(caller.slot);
        return caller.slot.awaitSpinning();
    }

    /** With {@code metrics.enabled} (see {@link KnittingMetered}). */
    @Benchmark
    public void knittingMetered(KnittingMetered mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    /** Every other call runs on this thread while the batch is dispatched (see {@link KnittingInliner}). */
    @Benchmark
    public void knittingInliner(KnittingInliner mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    @Benchmark
    public void threadPool(ThreadPool mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    @Benchmark
    public void forkJoin(ForkJoin mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    @Benchmark
    public void enhancedQueue(EnhancedQueue mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    /** Each call hops through the event loop in and out (see {@link VertxBlocking}). */
    @Benchmark
    public void vertxExecuteBlocking(VertxBlocking mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    /** Java 21+ only: one virtual thread per call. */
    @Benchmark
    public void virtualThreads(VirtualThreads mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }

    /** The floor: a pipelined SPSC ring with a spinning worker ({@link SpinRing}). */
    @Benchmark
    public void spinRing(SpinRingFloor mechanism, Caller caller) {
        caller.batch(mechanism, batchSize);
    }
}
