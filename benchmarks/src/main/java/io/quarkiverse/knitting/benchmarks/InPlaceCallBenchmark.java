package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
 * Calls a body makes to its own pool, which run in place on its lane: a task that calls itself {@code depth} deep, each
 * level waiting for the next ({@code x -> 1 + self.call(x - 1).await()}), started {@value #REPEATS} times by the body
 * of one call per operation (so that the caller's round trip, which parks and wakes, is a small part of it). From 16
 * calls deep in place each further call first checks that the thread has stack to spare ({@code StackReserve}): the
 * time per level above 16 against the time per level below says what that check costs. Not part of
 * {@code run-micro}: run it on its own ({@code java -jar benchmarks.jar InPlaceCallBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class InPlaceCallBenchmark {

    static final int REPEATS = 64;

    /** 1: one call in place; 16: 16 levels in place, none checked; 32: 16 more, each checked. */
    @Param({ "1", "16", "32" })
    int depth;

    private KnittingPool pool;
    private TaskRef<Integer, Integer> driver;

    @Setup(Level.Trial)
    public void start() {
        pool = KnittingPool.builder().name("bench-in-place").threads(1).build();
        AtomicReference<TaskRef<Integer, Integer>> self = new AtomicReference<>();
        self.set(pool.register("recursion", x -> x <= 1 ? x : 1 + self.get().call(x - 1).await().indefinitely()));
        TaskRef<Integer, Integer> recursion = self.get();
        driver = pool.register("driver", d -> {
            int sum = 0;
            for (int i = 0; i < REPEATS; i++) {
                sum += recursion.call(d).await().indefinitely();
            }
            return sum;
        });
    }

    @Benchmark
    public Integer recursion() {
        return driver.call(depth).await().indefinitely();
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.close();
    }
}
