package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
 * The wake-up cost: one round trip after the pool has been idle for {@code idleMillis} (5 or 20 ms), long past every
 * spin budget, so each mechanism's workers are parked (the spin floor's never park: it stays the floor). The caller
 * either keeps its core busy while it waits ({@code callerKind=busy}: it spins, as an event loop under load keeps
 * its core) or blocks ({@code blocked}: it parks until the answer unparks it, as {@code Future.get} does). The parked
 * thread is the control: what waking a plain parked thread costs on this machine.
 * <p>
 * Method: single-shot mode, one measured call per iteration, and the idle time in the iteration's setup, which JMH
 * runs before it starts the clock. So the timer brackets the call alone, with no per-invocation setup (JMH warns
 * against {@code Level.Invocation} fixtures) and no idle time to subtract. Each setup first runs a burst of warm
 * round trips, so the measured call takes compiled code and warm caches, as in a service between two requests, then
 * parks the caller (as a thread between requests would) until {@code idleMillis} have passed. Percentiles are over
 * the measurement iterations; the caller waits the same way as in {@link RoundTripBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 30)
@Measurement(iterations = 300)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class WakeUpBenchmark {

    /** Round trips before each idle period: enough, over the warm-up iterations, for the JIT to compile the path. */
    static final int WARM_CALLS = 500;

    @Param("1")
    int workers;

    @Benchmark
    public Object knitting(Knitting mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    /** Every other call runs on this thread (see {@link KnittingInliner}): the measured one alternates too. */
    @Benchmark
    public Object knittingInliner(KnittingInliner mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    @Benchmark
    public Object threadPool(ThreadPool mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    @Benchmark
    public Object forkJoin(ForkJoin mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    @Benchmark
    public Object enhancedQueue(EnhancedQueue mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    /** The event loop and the worker both wake up (see {@link VertxBlocking}). */
    @Benchmark
    public Object vertxExecuteBlocking(VertxBlocking mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    /** Java 21+ only: the carrier wakes up for a new virtual thread. */
    @Benchmark
    public Object virtualThreads(VirtualThreads mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    /** A plain thread parked until the caller unparks it: the control for every parked mechanism. */
    @Benchmark
    public Object parkedThread(ParkedThread mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    /** The floor never parks, so idling costs it nothing (and a core). */
    @Benchmark
    public Object spinHandoff(SpinHandoffFloor mechanism, IdleCaller caller) {
        return caller.call(mechanism);
    }

    /** A caller that keeps the path warm, then idles outside the measured time. */
    @State(Scope.Thread)
    public static class IdleCaller {

        @Param({ "5", "20" })
        long idleMillis;

        @Param({ "busy", "blocked" })
        String callerKind;

        final ResultSlot slot = new ResultSlot();
        /** Made by the first measured call (the first warm-up iteration has no burst before it). */
        private Runnable dispatch;

        @Setup(Level.Iteration)
        public void warmThenIdle() {
            if (dispatch != null) {
                for (int i = 0; i < WARM_CALLS; i++) {
                    roundTrip(dispatch);
                }
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idleMillis);
            for (long left; (left = until - System.nanoTime()) > 0;) {
                LockSupport.parkNanos(left);
            }
        }

        Object call(Mechanism mechanism) {
            if (dispatch == null) {
                dispatch = mechanism.increment(slot);
            }
            return roundTrip(dispatch);
        }

        private Object roundTrip(Runnable call) {
            slot.clear();
            call.run();
            return "blocked".equals(callerKind) ? slot.awaitParked() : slot.awaitSpinning();
        }
    }
}
