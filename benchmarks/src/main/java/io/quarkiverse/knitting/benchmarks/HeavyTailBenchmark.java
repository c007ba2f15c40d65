package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jboss.threads.EnhancedQueueExecutor;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * A heavy-tailed workload: of every 100 calls, 99 busy their worker for {@value #SHORT_MICROS} µs and one for
 * {@value #LONG_MICROS} µs. Four callers ({@code @Threads(4)}) each keep one call in flight and park until its answer,
 * as request threads blocked on a future do. Sample time: the percentiles are the latency of a call, and the callers'
 * throughput is 4 / mean.
 * <p>
 * {@code knitting}: a pool with {@code workers} lanes and default settings (round-robin, idle lanes steal queued calls
 * from busy ones); {@code knitting-no-steal}: the same with {@code host.steal=false}, where a call queued behind a
 * long one waits for it; {@code knitting-no-spin}: defaults with {@code worker.timers.spin-microseconds=0}, a lane
 * parks as soon as it has nothing to do; {@code eqe}: {@code EnhancedQueueExecutor} (Quarkus's worker pool) with {@code workers}
 * threads, one shared queue.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Threads(4)
public class HeavyTailBenchmark {

    static final long SHORT_MICROS = 5;
    static final long LONG_MICROS = 500;
    static final int LONG_ONE_IN = 100;

    @Param({ "2", "4" })
    int workers;

    @Param({ "knitting", "knitting-no-steal", "knitting-no-spin", "eqe" })
    String mechanism;

    private KnittingPool pool;
    private TaskRef<Long, Long> task;
    private EnhancedQueueExecutor executor;

    @Setup(Level.Trial)
    public void start() {
        switch (mechanism) {
            case "knitting", "knitting-no-steal", "knitting-no-spin" -> {
                KnittingPool.Builder builder = KnittingPool.builder().name("bench").threads(workers);
                pool = switch (mechanism) {
                    case "knitting-no-steal" -> builder.hostSteal(false).build();
                    case "knitting-no-spin" -> builder.spinMicroseconds(0).build();
                    default -> builder.build();
                };
                task = pool.register("work", HeavyTailBenchmark::busy);
            }
            case "eqe" -> {
                executor = new EnhancedQueueExecutor.Builder().setCorePoolSize(workers).setMaximumPoolSize(workers)
                        .setThreadFactory(new WorkerThreads("eqe-worker")).setRegisterMBean(false).build();
                executor.prestartAllCoreThreads();
            }
            default -> throw new IllegalArgumentException("mechanism=" + mechanism);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (pool != null) {
            pool.close();
        }
        if (executor != null) {
            ExecutorMechanism.stop(executor);
        }
    }

    /** One caller: its result slot, and which of its calls is the long one. */
    @State(Scope.Thread)
    public static class HeavyTailCaller {
        final ResultSlot slot = new ResultSlot();
        int calls;

        long nextWorkNanos() {
            return TimeUnit.MICROSECONDS.toNanos(++calls % LONG_ONE_IN == 0 ? LONG_MICROS : SHORT_MICROS);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object call(HeavyTailCaller caller) {
        long work = caller.nextWorkNanos();
        ResultSlot slot = caller.slot;
        slot.clear();
        if (task != null) {
            task.call(work).subscribe().withSubscriber(slot);
        } else {
            executor.execute(() -> slot.onItem(busy(work)));
        }
        return slot.awaitParked();
    }

    /** Keeps the worker busy for {@code nanos}, as CPU-bound work does. */
    static Long busy(Long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        return nanos;
    }
}
