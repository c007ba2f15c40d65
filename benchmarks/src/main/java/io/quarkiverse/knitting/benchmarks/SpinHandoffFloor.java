package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The round-trip floor: {@link SpinHandoff}, one worker that never parks, for one caller with one call in flight. */
@State(Scope.Benchmark)
public class SpinHandoffFloor extends SpinFloor {

    @Override
    Floor newFloor() {
        return new SpinHandoff();
    }

    @Override
    String threadPrefix() {
        return "spin-handoff";
    }
}
