package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The batch floor: {@link SpinRing}, one worker that never parks, for one caller. */
@State(Scope.Benchmark)
public class SpinRingFloor extends SpinFloor {

    /** Larger than the largest batch (10,000): the floor never waits for room. */
    private static final int CAPACITY = 16_384;

    @Override
    Floor newFloor() {
        return new SpinRing(CAPACITY);
    }

    @Override
    String threadPrefix() {
        return "spin-ring";
    }
}
