package io.quarkiverse.knitting.engine;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * A worker's idle strategy: after work, spin for {@code spin-microseconds}, pausing up to {@code pause-nanoseconds}
 * between checks (a pause ends early when work arrives), then park for at most {@code park-ms} at a time until work
 * arrives. Once parked it stays in the park phase (no new spin) until {@link #reset()}, so an idle lane costs next to
 * no CPU. Past its first few checks a spin needs one of the JVM-wide {@link SpinPermits}; without one the worker parks
 * at once. It never yields (see {@link SpinPermits} for why). After a long park (the lane was idle, not streaming) the
 * call that ended it is followed by a short spin only, and the full budget comes back with the next call that finds
 * the worker awake ({@link #IDLE_PARK_NANOS}).
 * <p>
 * Single-threaded: one instance per worker thread. Its state is padded ({@link IdleStatePadding}): the worker writes
 * it while it waits for work, and it must not share a cache line with anything a caller reads on every dispatch.
 */
final class SpinThenParkIdleStrategy extends IdleStatePadding implements IdleStrategy {

    private final long spinNanos;
    private final long pauseNanos;
    private final long parkNanos;
    private final ParkGate gate;
    /**
     * Checks made before a spinning worker needs a {@link SpinPermits permit}: work that follows within a few
     * microseconds (back-to-back calls) costs no write to the shared permit count.
     */
    private static final int FREE_CHECKS = 16;
    /**
     * A park phase at least this long means the lane serves sporadic calls, not a stream. The lane then tells callers
     * (so that the one who wakes it hands over its core, see {@link WorkerLane#offer}), and the call that ends the phase
     * is followed by a short spin only ({@link #AFTER_IDLE_SPIN_NANOS}): a worker that ran on the waker's core must not
     * hold that core spinning while the caller waits for it, and a worker that spun right before a long park is woken
     * on a core of its own that the hypervisor may have halted (see the engine page, "A call after idle").
     */
    private static final long IDLE_PARK_NANOS = 1_000_000;
    private static final long AFTER_IDLE_SPIN_NANOS = 2_000;

    SpinThenParkIdleStrategy(long spinNanos, long pauseNanos, long parkNanos, ParkGate gate) {
        this.spinNanos = spinNanos;
        this.pauseNanos = pauseNanos;
        this.parkNanos = parkNanos;
        this.gate = gate;
        this.spinBudget = spinNanos;
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
                checks = 0;
            }
            if (now - spinStartedAt < spinBudget && maySpin()) {
                pause(now);
                return;
            }
            parking = true;
            parkingSince = now;
            releasePermit();
        } else if (!idleForLong && System.nanoTime() - parkingSince >= IDLE_PARK_NANOS) {
            idleForLong = true;
        }
        // the first park of a phase ends by itself after IDLE_PARK_NANOS at most, so that the lane can say it is idle
        if (gate.prepareToPark(idleForLong)) {
            LockSupport.parkNanos(this, idleForLong ? parkNanos : Math.min(parkNanos, IDLE_PARK_NANOS));
            gate.unparked();
        }
    }

    /**
     * Whether to go on spinning: always for the first checks, then only with a permit. Without one the worker parks
     * at once; with more spinners than processors a spinning worker would hold a core that a caller or a lane with
     * work needs until the scheduler's slice ends.
     */
    private boolean maySpin() {
        if (holdsPermit || ++checks <= FREE_CHECKS) {
            return true;
        }
        holdsPermit = SpinPermits.tryAcquire();
        return holdsPermit;
    }

    private void releasePermit() {
        if (holdsPermit) {
            holdsPermit = false;
            SpinPermits.release();
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
        // called before every call: store only when something changed, so a busy worker writes nothing here
        releasePermit();
        if (spinStartedAt != 0) {
            spinStartedAt = 0;
        }
        if (parking) {
            parking = false;
            spinBudget = idleForLong ? Math.min(spinNanos, AFTER_IDLE_SPIN_NANOS) : spinNanos;
            idleForLong = false;
        } else if (spinBudget != spinNanos) {
            spinBudget = spinNanos; // work came before the worker parked: calls are streaming again
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
    /** Checks made in the current spin phase, counted only until a permit is needed. */
    int checks;
    boolean holdsPermit;
    /** Start of the current spin phase, or 0 when none has started since the last work. */
    long spinStartedAt;
    boolean parking;
    /** When the current park phase began. */
    long parkingSince;
    /** Whether the current park phase has lasted at least {@code IDLE_PARK_NANOS}. */
    boolean idleForLong;
    /** The spin before the next park: the full budget, or a short one after a call that ended a long park. */
    long spinBudget;
}

abstract class IdleStatePadding extends IdleState {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}
