package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
 * A warm single-call round trip (dispatch, run {@code argument + 1} on the one worker, get the result back), sampled
 * so the report shows p50/p99/p99.9.
 * <p>
 * {@code *SpinWait} benchmarks compare dispatch mechanisms: the caller always waits by spinning on a volatile field
 * that the completion writes through the same {@code UniSubscriber.onItem}, so only the way the call reaches the
 * worker differs. {@code knittingAwait} and {@code threadPoolFutureGet} are the everyday paths, where the caller
 * parks until the result is there.
 * <p>
 * Each mechanism lives in its own {@code @State}, so only its threads exist while it is measured: on a 2-core
 * machine a spinning worker left over from another mechanism would take the core the caller needs.
 * <p>
 * {@code gapMicros} is the caller's think time before each call, spent outside the measured time. At 0 the next
 * call arrives a few hundred nanoseconds after the last answer, usually before a thread-pool worker has parked, so
 * the executor is seen at its best. At 20 µs every parking worker has parked (the executor's call pays a wake-up),
 * while knitting's lane is still inside its default 50 µs spin budget: the case the spin budget is for.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class RoundTripBenchmark {

    @Param({ "0", "20" })
    long gapMicros;

    /** Busy-waits rather than sleeps: exact, and the caller's core stays its own as in a real burst of work. */
    @Setup(Level.Invocation)
    public void thinkBeforeTheCall() {
        long until = System.nanoTime() + gapMicros * 1_000;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    @State(Scope.Thread)
    public static class Knitting {
        KnittingPool pool;
        TaskRef<Integer, Integer> increment;
        /** A field, not a constant, so the call's argument is read like a real one. */
        Integer argument = OneWorker.ARGUMENT;
        /** Reused for every call: the harness allocates nothing, so what is allocated is the pool's own cost. */
        final ResultSlot slot = new ResultSlot();

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
        final ResultSlot slot = new ResultSlot();
        final Runnable job = new IncrementJob(OneWorker.ARGUMENT, slot);
        final Callable<Integer> callable = () -> OneWorker.ARGUMENT + 1;

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
    public static class Handoff {
        SpinHandoff handoff;
        final ResultSlot slot = new ResultSlot();
        final Runnable job = new IncrementJob(OneWorker.ARGUMENT, slot);

        @Setup(Level.Trial)
        public void start() {
            handoff = new SpinHandoff();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            handoff.close();
        }
    }

    /** Knitting through its public API: {@code call} builds the lazy {@code Uni}, subscribing dispatches it. */
    @Benchmark
    public Object knittingSpinWait(Knitting state) {
        state.slot.clear();
        state.increment.call(state.argument).subscribe().withSubscriber(state.slot);
        return state.slot.awaitSpinning();
    }

    /** The plain user path: the caller parks in Mutiny's await until the lane answers. */
    @Benchmark
    public Integer knittingAwait(Knitting state) {
        return state.increment.call(state.argument).await().indefinitely();
    }

    /** {@code execute}, not {@code submit}: no {@code FutureTask}, the lightest way through the executor. */
    @Benchmark
    public Object threadPoolSpinWait(ThreadPool state) {
        state.slot.clear();
        state.executor.execute(state.job);
        return state.slot.awaitSpinning();
    }

    /** The plain executor path: {@code submit} then {@code Future.get()}, which parks the caller. */
    @Benchmark
    public Integer threadPoolFutureGet(ThreadPool state) throws InterruptedException, ExecutionException {
        return state.executor.submit(state.callable).get();
    }

    /** The floor: nothing between caller and worker but two volatile fields and two spinning threads. */
    @Benchmark
    public Object spinHandoffSpinWait(Handoff state) {
        state.slot.clear();
        state.handoff.execute(state.job);
        return state.slot.awaitSpinning();
    }
}
