package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.Executor;

/**
 * A hand-written hand-off with exactly one worker thread, named {@link #threadPrefix()}: the spinning floors and the
 * parked-thread control.
 */
abstract class SpinFloor extends ExecutorMechanism {

    /** What {@link SpinHandoff} and {@link SpinRing} have in common. */
    interface Floor extends Executor {
        void close() throws InterruptedException;
    }

    private Floor floor;

    /** Starts the floor's worker. */
    abstract Floor newFloor();

    @Override
    final void start(int workers) {
        if (workers != 1) {
            throw new IllegalStateException("The " + threadPrefix() + " floor has exactly one worker, asked for workers="
                    + workers);
        }
        floor = newFloor();
    }

    @Override
    final void execute(Runnable job) {
        floor.execute(job);
    }

    @Override
    public final void close() throws InterruptedException {
        floor.close();
    }
}
