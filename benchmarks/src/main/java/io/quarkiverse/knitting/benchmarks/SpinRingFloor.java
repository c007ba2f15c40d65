package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The batch floor: {@link SpinRing}, one worker that never parks, for one caller. */
@State(Scope.Benchmark)
public class SpinRingFloor extends ExecutorMechanism {

    /** Larger than the largest batch (10,000): the floor never waits for room. */
    private static final int CAPACITY = 16_384;

    SpinRing ring;

    @Override
    void start(int workers) {
        SpinHandoffFloor.requireOneWorker(workers, "spin ring");
        ring = new SpinRing(CAPACITY);
    }

    @Override
    void execute(Runnable job) {
        ring.execute(job);
    }

    @Override
    String threadPrefix() {
        return "spin-ring";
    }

    @Override
    public void close() throws InterruptedException {
        ring.close();
    }
}
