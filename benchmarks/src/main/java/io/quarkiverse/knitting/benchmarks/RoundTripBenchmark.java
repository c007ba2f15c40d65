package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm single-call round trip (dispatch, run {@code argument + 1} on a worker, get the result back), sampled so
 * the report shows p50/p99/p99.9.
 * <p>
 * The mechanism benchmarks compare dispatch paths: the caller always waits by spinning on a volatile field that the
 * completion writes through the same {@code UniSubscriber.onItem} ({@link Caller#roundTrip}), so only the way the
 * call reaches the worker and back differs. {@code knittingAwait} and {@code threadPoolFutureGet} are the everyday
 * paths, where the caller parks until the result is there.
 * <p>
 * {@code gapMicros} is the caller's think time before each call, spent outside the measured time. At 0 the next
 * call arrives a few hundred nanoseconds after the last answer, usually before an executor's worker has parked, so
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

    @Param("1")
    int workers;

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

    @Benchmark
    public Object knitting(Knitting mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    /** With {@code metrics.enabled}: what recording the task and lane meters costs (see {@link KnittingMetered}). */
    @Benchmark
    public Object knittingMetered(KnittingMetered mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    /** Every other call runs on this thread (see {@link KnittingInliner}): not a handoff. */
    @Benchmark
    public Object knittingInliner(KnittingInliner mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    @Benchmark
    public Object threadPool(ThreadPool mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    @Benchmark
    public Object forkJoin(ForkJoin mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    @Benchmark
    public Object enhancedQueue(EnhancedQueue mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    /** Includes one event-loop hop in and the result's hop back through the event loop (see {@link VertxBlocking}). */
    @Benchmark
    public Object vertxExecuteBlocking(VertxBlocking mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    /** Java 21+ only. */
    @Benchmark
    public Object virtualThreads(VirtualThreads mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    /** The floor: nothing between caller and worker but two volatile fields and two spinning threads. */
    @Benchmark
    public Object spinHandoff(SpinHandoffFloor mechanism, Caller caller) {
        return caller.roundTrip(mechanism);
    }

    /** The plain user path: the caller parks in Mutiny's await until the lane answers. */
    @Benchmark
    public Integer knittingAwait(Knitting mechanism) {
        return mechanism.incrementTask.call(TrivialTask.ARGUMENT).await().indefinitely();
    }

    /** The plain executor path: {@code submit} then {@code Future.get()}, which parks the caller. */
    @Benchmark
    public Integer threadPoolFutureGet(ThreadPool mechanism, FutureCaller caller)
            throws InterruptedException, ExecutionException {
        return mechanism.executor.submit(caller.body).get();
    }

    /** The body as a {@code Callable}, made once. */
    @State(Scope.Thread)
    public static class FutureCaller {
        final Callable<Integer> body = () -> TrivialTask.ARGUMENT + 1;
    }
}
