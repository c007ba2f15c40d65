package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The wake-up control: {@link ParkedHandoff}, one plain thread parked until the caller unparks it. */
@State(Scope.Benchmark)
public class ParkedThread extends SpinFloor {

    @Override
    Floor newFloor() {
        return new ParkedHandoff();
    }

    @Override
    String threadPrefix() {
        return "parked-handoff";
    }
}
