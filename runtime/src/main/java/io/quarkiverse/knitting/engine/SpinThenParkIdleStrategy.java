package io.quarkiverse.knitting.engine;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * A worker's idle strategy: after work, spin for {@code spin-microseconds}, pausing up to {@code pause-nanoseconds}
 * between checks (a pause ends early when work arrives), then park for at most {@code park-ms} at a time until work arrives. Once parked it stays in the
 * park phase (no new spin) until {@link #reset()}, so an idle lane costs next to no CPU.
 * <p>
 * Single-threaded: one instance per worker thread.
 */
final class SpinThenParkIdleStrategy implements IdleStrategy {

    private final long spinNanos;
    private final long pauseNanos;
    private final long parkNanos;
    private final ParkGate gate;
    /** A spinning worker yields its core once every this many (+1) checks. */
    private static final int YIELD_EVERY_MASK = 15;

    private int spins;
    /** Start of the current spin phase, or 0 when none has started since the last work. */
    private long spinStartedAt;
    private boolean parking;

    SpinThenParkIdleStrategy(long spinNanos, long pauseNanos, long parkNanos, ParkGate gate) {
        this.spinNanos = spinNanos;
        this.pauseNanos = pauseNanos;
        this.parkNanos = parkNanos;
        this.gate = gate;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (!parking) {
            long now = System.nanoTime();
            if (spinStartedAt == 0) {
                spinStartedAt = now;
            }
            if (now - spinStartedAt < spinNanos) {
                pause(now);
                if ((++spins & YIELD_EVERY_MASK) == 0) {
                    // with more spinning threads than cores, a spinning lane would hold the core a lane with work
                    // needs until the scheduler's slice ends; an occasional yield hands it over within microseconds
                    Thread.yield();
                }
                return;
            }
            parking = true;
        }
        if (gate.prepareToPark()) {
            LockSupport.parkNanos(this, parkNanos);
            gate.unparked();
        }
    }

    private void pause(long now) {
        if (pauseNanos == 0) {
            return;
        }
        long until = now + pauseNanos;
        do {
            Thread.onSpinWait();
        } while (System.nanoTime() - until < 0 && !gate.hasWork()); // work ends the pause early
    }

    @Override
    public void reset() {
        spinStartedAt = 0;
        parking = false;
    }

    @Override
    public String alias() {
        return "spin-then-park";
    }
}
