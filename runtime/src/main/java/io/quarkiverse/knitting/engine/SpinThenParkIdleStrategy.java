package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * A worker's idle strategy: after work, spin for {@code spin-microseconds}, pausing up to {@code pause-nanoseconds}
 * between checks (a pause ends early when work arrives), then park for at most {@code park-ms} at a time until work
 * arrives. Once parked it stays in the park phase (no new spin) until {@link #reset()}, so an idle lane costs next to
 * no CPU. Past its first few checks a spin needs one of the JVM-wide {@link SpinPermits}; without one the worker parks
 * at once, and with one it yields its core once before it spins on ({@link ParkGate#yieldBeforeLongSpin}), never
 * while it spins (see {@link SpinPermits} for why). After a long park (the lane was idle, not streaming) the
 * call that ended it is followed by a short spin only, and the full budget comes back with the next call that finds
 * the worker awake ({@link #IDLE_PARK_NANOS}). After a call answered through its caller's executor the next spin is the
 * shorter hand-off budget, unless that call continued the flow of the one before it ({@link #answered}). The worker
 * wakes by itself during a park phase only when it has a reason to ({@link #firstParkBounded}).
 * <p>
 * Single-threaded: one instance per worker thread. Its state is padded ({@link IdleStatePadding}): the worker writes
 * it while it waits for work, and it must not share a cache line with anything a caller reads on every dispatch.
 */
final class SpinThenParkIdleStrategy extends IdleStatePadding implements IdleStrategy {

    private final long spinNanos;
    private final long handoffSpinNanos;
    private final long pauseNanos;
    private final long parkNanos;
    private final ParkGate gate;
    /** Reports the time spent spinning and parked to the gate ({@code metrics.enabled}). */
    private final boolean timesIdle;
    /**
     * Checks made before a spinning worker needs a {@link SpinPermits permit}: work that follows within a few
     * microseconds (back-to-back calls) costs no write to the shared permit count.
     */
    static final int FREE_CHECKS = 16;
    /**
     * A park phase at least this long means the lane serves sporadic calls, not a stream. A caller that wakes the
     * worker that late into the phase hands over its core (the gate is told when, see {@link WorkerLane#offer}), and
     * the call that ends the phase is followed by a short spin only ({@link #AFTER_IDLE_SPIN_NANOS}): a worker that
     * ran on the waker's core must not hold that core spinning while the caller waits for it, and a worker that spun
     * right before a long park is woken on a core of its own that the hypervisor may have halted (see the engine page,
     * "A call after idle").
     */
    private static final long IDLE_PARK_NANOS = 1_000_000;
    private static final long AFTER_IDLE_SPIN_NANOS = 2_000;
    /** Spin time that work interrupted is told to the gate once this much has gathered, or at the next park. */
    private static final long REPORT_SPIN_NANOS = 1_000_000;

    SpinThenParkIdleStrategy(long spinNanos, long pauseNanos, long parkNanos, ParkGate gate) {
        this(spinNanos, spinNanos, pauseNanos, parkNanos, gate, false);
    }

    SpinThenParkIdleStrategy(long spinNanos, long handoffSpinNanos, long pauseNanos, long parkNanos, ParkGate gate,
            boolean timesIdle) {
        this.spinNanos = spinNanos;
        this.handoffSpinNanos = handoffSpinNanos;
        this.pauseNanos = pauseNanos;
        this.parkNanos = parkNanos;
        this.gate = gate;
        this.timesIdle = timesIdle;
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
                lastCheck = now;
                pause(now);
                return;
            }
            parking = true;
            parkingSince = now;
            watchNanos = IDLE_PARK_NANOS;
            // before releasing it: a worker that needed a permit spun past its free checks
            firstParkBounded = holdsPermit || lastFlow != null || gate.mayGetWorkUnannounced();
            releasePermit();
            if (timesIdle) {
                gate.idled(now - spinStartedAt + unreportedSpin, 0);
                unreportedSpin = 0;
                parkTimedFrom = now;
                lastCheck = now;
            }
        } else {
            noteIdleForLong();
        }
        if (gate.prepareToPark(parkingSince + IDLE_PARK_NANOS)) {
            // an interrupt left on an idle worker (user code that kept a reference to the thread) would make every
            // park return at once, and the lane would spin a core until its next call: nothing here waits for one
            Thread.interrupted();
            LockSupport.parkNanos(this, nextParkNanos());
            gate.unparked();
            if (timesIdle) { // after every park, so that a lane idle for hours reports it as it goes
                long woke = System.nanoTime();
                gate.idled(0, woke - parkTimedFrom);
                parkTimedFrom = woke;
                lastCheck = woke;
            }
        } else if (timesIdle) {
            lastCheck = System.nanoTime(); // work came as it was about to park: the clock read before may be old
        }
    }

    /**
     * How long the next park lasts: {@code park-ms}, except the first park of a phase with a reason to look again
     * ({@link #firstParkBounded}), which ends after {@link #IDLE_PARK_NANOS}, and the later ones while a sibling runs a
     * call ({@link ParkGate#mayGetWorkUnannounced}), which end after twice as long as the one before. A call queued
     * behind a running call in the instant it started may wake nobody, so it waits for this thief about as long at most
     * as the thief has been watching, and the thief wakes log2({@code park-ms} / 1 ms) times more per long call than a
     * park of {@code park-ms} would (7 with two lanes' default of 100 ms), not once per millisecond. A lane waiting to
     * stop gracefully looks every {@link #IDLE_PARK_NANOS}.
     */
    private long nextParkNanos() {
        if (gate.waitsToStop()) {
            return Math.min(parkNanos, IDLE_PARK_NANOS);
        }
        if (!idleForLong) {
            return firstParkBounded ? Math.min(parkNanos, IDLE_PARK_NANOS) : parkNanos;
        }
        if (!gate.mayGetWorkUnannounced()) {
            watchNanos = IDLE_PARK_NANOS;
            return parkNanos;
        }
        watchNanos = Math.min(parkNanos, watchNanos * 2);
        return watchNanos;
    }

    /** Once the park phase has lasted {@link #IDLE_PARK_NANOS}: the lane serves sporadic calls, not a stream. */
    private void noteIdleForLong() {
        if (!idleForLong && System.nanoTime() - parkingSince >= IDLE_PARK_NANOS) {
            idleForLong = true;
            lastFlow = null; // a flow idle this long is over, and an idle lane must not keep a request's context alive
        }
    }

    /**
     * The clock as this strategy last read it when it returned: at most one spin check (and pause) old when work
     * arrives while spinning, read on waking from a park. Kept only when it times idle ({@code timesIdle}); the
     * worker takes it as the start time of the call it then finds, instead of reading the clock again.
     */
    long lastClockRead() {
        return lastCheck;
    }

    /**
     * The call just run answered through {@code callerExecutor} (null: in place, on the lane or to a caller that waits
     * for it). A caller whose answer is handed to its executor (an event loop's context) does not wait on a core for
     * it: its next call comes with its next request, not microseconds later, and a full spin would hold a core that the
     * event loops need. So the next idle phase spins the hand-off budget at most, unless the call continued the flow
     * of the call answered before it (the same request's context: a chain of calls, whose next link follows at once).
     * A strategy whose hand-off budget is its full one keeps no flow.
     */
    void answered(Executor callerExecutor) {
        if (handoffSpinNanos >= spinNanos) {
            return; // the hand-off budget is the full one: there is nothing for a flow to keep
        }
        Object flow = UserCode.flowKeyOf(callerExecutor);
        boolean continues = flow != null && flow == lastFlow;
        if (flow != lastFlow) {
            lastFlow = flow;
        }
        if (callerExecutor != null && !continues && spinBudget > handoffSpinNanos) {
            spinBudget = handoffSpinNanos;
        }
    }

    /** Whether the spin is over and the worker parks (it may have just woken from a park). */
    boolean isParking() {
        return parking;
    }

    /** Tells the gate the spin time not reported yet; when the worker leaves, say. */
    void reportSpin() {
        if (unreportedSpin > 0) {
            gate.idled(unreportedSpin, 0);
            unreportedSpin = 0;
        }
    }

    /** The worker read the clock at {@code now} (the end of a call): a call it finds at once starts then. */
    void clockRead(long now) {
        lastCheck = now;
    }

    /**
     * Whether to go on spinning: always for the first checks, then only with a permit. Without one the worker parks
     * at once; with more spinners than processors a spinning worker would hold a core that a caller or a lane with
     * work needs until the scheduler's slice ends. The one yield as the permit is taken does the same for a thread
     * queued on this core already: a caller the last answer woke (the engine page, "One yield before a long spin").
     */
    private boolean maySpin() {
        if (holdsPermit || ++checks <= FREE_CHECKS) {
            return true;
        }
        holdsPermit = SpinPermits.tryAcquire();
        if (holdsPermit) {
            gate.yieldBeforeLongSpin(); // once per spin phase; a worker without a permit parks, which frees its core
        }
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
        long clock;
        do {
            Thread.onSpinWait();
            clock = System.nanoTime();
        } while (clock - until < 0 && !gate.hasWork()); // work ends the pause early
        lastCheck = clock;
    }

    @Override
    public void reset() {
        // called before every call: store only when something changed, so a busy worker writes nothing here
        releasePermit();
        if (spinStartedAt != 0) {
            if (timesIdle && !parking) {
                // work came while spinning: up to the last check, told in bulk so that a call pays no atomic add
                unreportedSpin += lastCheck - spinStartedAt;
                if (unreportedSpin >= REPORT_SPIN_NANOS) {
                    reportSpin();
                }
            }
            spinStartedAt = 0;
        }
        if (parking) {
            parking = false;
            if (!firstParkBounded) {
                noteIdleForLong(); // a call may end a park of park-ms before anything looked at the clock: look now
            }
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
    /** Whether the current park phase has lasted at least {@code IDLE_PARK_NANOS}, as far as the worker looked. */
    boolean idleForLong;
    /**
     * The current park phase's first park ends by itself after {@code IDLE_PARK_NANOS}: when the phase followed a spin
     * past the free checks (with a permit), when the worker holds a flow, or when work may come that nothing wakes it
     * for ({@link ParkGate#mayGetWorkUnannounced}). A flow idle that long is over and must be dropped; a thief must
     * look at a busy sibling's queue; and after a long spin the next call after idle was measured to start sooner with
     * that wake than without it. Any other phase parks for {@code park-ms} at once: a worker that barely ran on its
     * own sleeps where its caller's wake put it, and one that woke by itself in between was measured to start the next
     * call after idle tens of microseconds later (the engine page, "Where the woken worker sleeps").
     */
    boolean firstParkBounded;
    /** The last park's bound while a sibling runs a call ({@code SpinThenParkIdleStrategy#nextParkNanos}). */
    long watchNanos;
    /**
     * The spin before the next park: the full budget, a short one after a call that ended a long park, or the
     * hand-off budget after a call answered through its caller's executor.
     */
    long spinBudget;
    /**
     * The flow of the last call answered ({@code CallerExecutor.flowKey}), null after a call answered in place; dropped
     * when the lane has been parked for long.
     */
    Object lastFlow;
    /** The clock at the last check of the current spin phase. */
    long lastCheck;
    /** Where the park time not yet reported began. */
    long parkTimedFrom;
    /** Spin time that ended with work, not told to the gate yet. */
    long unreportedSpin;
}

abstract class IdleStatePadding extends IdleState {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}
