package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One benchmark thread's side of the calls: where results land ({@link ResultSlot}, {@link Countdown}) and how it
 * waits for them, the same for every mechanism.
 * <p>
 * Its dispatchers are made on first use, from the mechanism the benchmark method passes in (JMH cannot hand a
 * mechanism of any type to a state's setup), and reused for every later call; a caller meets one mechanism per trial.
 */
@State(Scope.Thread)
public class Caller {

    final ResultSlot slot = new ResultSlot();
    final Countdown countdown = new Countdown();
    private Runnable call;
    private Runnable batchCall;

    /** One call; the caller spins until it has the answer. */
    Object roundTrip(Mechanism mechanism) {
        Runnable dispatch = call(mechanism);
        slot.clear();
        dispatch.run();
        return slot.awaitSpinning();
    }

    /** One call; the caller spins, then yields its core until it has the answer (several callers on few cores). */
    Object roundTripYielding(Mechanism mechanism) {
        Runnable dispatch = call(mechanism);
        slot.clear();
        dispatch.run();
        return slot.awaitYielding();
    }

    private Runnable call(Mechanism mechanism) {
        Runnable dispatch = call;
        if (dispatch == null) {
            dispatch = call = mechanism.increment(slot);
        }
        return dispatch;
    }

    /** {@code size} calls dispatched back to back; the caller spins until all have answered. */
    void batch(Mechanism mechanism, int size) {
        dispatchBatch(mechanism, size);
        countdown.awaitSpinning();
    }

    /** As {@link #batch}, waiting as {@link #roundTripYielding} does. */
    void batchYielding(Mechanism mechanism, int size) {
        dispatchBatch(mechanism, size);
        countdown.awaitYielding();
    }

    /** {@code size} calls dispatched back to back into {@link #countdown}, without waiting. */
    void dispatchBatch(Mechanism mechanism, int size) {
        Runnable dispatch = batchCall;
        if (dispatch == null) {
            dispatch = batchCall = mechanism.increment(countdown);
        }
        countdown.expect(size);
        for (int i = 0; i < size; i++) {
            dispatch.run();
        }
    }
}
