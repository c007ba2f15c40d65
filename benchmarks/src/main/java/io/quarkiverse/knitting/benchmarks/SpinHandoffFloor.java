package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The round-trip floor: {@link SpinHandoff}, one worker that never parks, for one caller with one call in flight. */
@State(Scope.Benchmark)
public class SpinHandoffFloor extends ExecutorMechanism {

    SpinHandoff handoff;

    @Override
    void start(int workers) {
        requireOneWorker(workers, "spin handoff");
        handoff = new SpinHandoff();
    }

    static void requireOneWorker(int workers, String floor) {
        if (workers != 1) {
            throw new IllegalStateException("The " + floor + " floor has exactly one worker, asked for workers="
                    + workers);
        }
    }

    @Override
    void execute(Runnable job) {
        handoff.execute(job);
    }

    @Override
    String threadPrefix() {
        return "spin-handoff";
    }

    @Override
    public void close() throws InterruptedException {
        handoff.close();
    }
}
