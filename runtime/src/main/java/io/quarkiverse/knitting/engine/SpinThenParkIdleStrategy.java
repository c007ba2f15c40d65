package io.quarkiverse.knitting.engine;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * A worker's idle strategy: after work, spin for {@code spin-microseconds}, pausing up to {@code pause-nanoseconds}
 * between checks (a pause ends early when work arrives), then park for at most {@code park-ms} at a time until work arrives. Once parked it stays in the
 * park phase (no new spin) until {@link #reset()}, so an idle lane costs next to no CPU.
 * <p>
 * Single-threaded: one instance per worker thread. Its state is padded ({@link IdleStatePadding}): the worker writes
 * it while it waits for work, and it must not share a cache line with anything a caller reads on every dispatch.
 */
final class SpinThenParkIdleStrategy extends IdleStatePadding implements IdleStrategy {

    private final long spinNanos;
    private final long pauseNanos;
    private final long parkNanos;
    private final ParkGate gate;
    /** A spinning worker yields its core once every this many (+1) checks. */
    private static final int YIELD_EVERY_MASK = 15;

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
        // called after every call: store only when something changed, so a busy worker writes nothing here
        if (spinStartedAt != 0) {
            spinStartedAt = 0;
        }
        if (parking) {
            parking = false;
        }
    }

    @Override
    public String alias() {
        return "spin-then-park";
    }
}

/** Keeps the idle state of a {@link SpinThenParkIdleStrategy} 128 bytes away from its neighbours in the heap. */
abstract class IdleStateLeadingPadding {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class IdleState extends IdleStateLeadingPadding {
    int spins;
    /** Start of the current spin phase, or 0 when none has started since the last work. */
    long spinStartedAt;
    boolean parking;
}

abstract class IdleStatePadding extends IdleState {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}
