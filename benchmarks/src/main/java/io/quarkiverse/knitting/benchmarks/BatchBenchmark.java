package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * A batch: dispatch {@code batchSize} calls back to back, then wait until all have completed. The score is the time
 * of one whole batch, so {@code thread pool / knitting} at the same size is knitting's throughput gain.
 * <p>
 * As in {@link RoundTripBenchmark}, every mechanism completes through the same counting {@code UniSubscriber} and
 * the caller spins until the count is zero; each mechanism has its own {@code @State}, so only its threads run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class BatchBenchmark {

    @Param({ "1", "10", "100", "1000" })
    int batchSize;

    @State(Scope.Thread)
    public static class Knitting {
        KnittingPool pool;
        TaskRef<Integer, Integer> increment;
        Integer argument = OneWorker.ARGUMENT;
        final Countdown countdown = new Countdown();

        @Setup(Level.Trial)
        public void start() {
            pool = OneWorker.knittingPool();
            increment = pool.register("increment", OneWorker.INCREMENT);
        }

        @TearDown(Level.Trial)
        public void stop() {
            pool.close();
        }
    }

    @State(Scope.Thread)
    public static class ThreadPool {
        ThreadPoolExecutor executor;
        final Countdown countdown = new Countdown();
        final Runnable job = new IncrementJob(OneWorker.ARGUMENT, countdown);

        @Setup(Level.Trial)
        public void start() {
            executor = OneWorker.threadPoolExecutor();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            OneWorker.stop(executor);
        }
    }

    @State(Scope.Thread)
    public static class Ring {
        SpinRing ring;
        final Countdown countdown = new Countdown();
        final Runnable job = new IncrementJob(OneWorker.ARGUMENT, countdown);

        @Setup(Level.Trial)
        public void start() {
            ring = new SpinRing(1024); // larger than the largest batch: the floor never waits for room
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            ring.close();
        }
    }

    @Benchmark
    public void knitting(Knitting state) {
        Countdown countdown = state.countdown;
        countdown.expect(batchSize);
        for (int i = 0; i < batchSize; i++) {
            state.increment.call(state.argument).subscribe().withSubscriber(countdown);
        }
        countdown.awaitSpinning();
    }

    @Benchmark
    public void threadPool(ThreadPool state) {
        state.countdown.expect(batchSize);
        for (int i = 0; i < batchSize; i++) {
            state.executor.execute(state.job);
        }
        state.countdown.awaitSpinning();
    }

    /** The floor: a pipelined SPSC ring with a spinning worker ({@link SpinRing}). */
    @Benchmark
    public void spinRing(Ring state) {
        state.countdown.expect(batchSize);
        for (int i = 0; i < batchSize; i++) {
            state.ring.execute(state.job);
        }
        state.countdown.awaitSpinning();
    }
}
