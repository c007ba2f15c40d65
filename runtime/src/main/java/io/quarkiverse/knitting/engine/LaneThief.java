package io.quarkiverse.knitting.engine;

/**
 * Work stealing ({@code host.steal}) for one worker lane: while the lane's own queue is empty, its worker takes the
 * oldest queued call of a sibling lane, one call at a time; a worker that starts a call with more queued behind it, and
 * a producer that queues a call behind a running one, wake a parked sibling to take them. The queues of a stealing pool
 * are multi-consumer, so each call is taken by exactly one lane, and a call settled while it waited (cancelled, past a
 * deadline) is skipped by whichever lane takes it, as from its own queue.
 * <p>
 * A spinning worker looks at {@link #WIDTH} siblings every {@link #SCAN_EVERY} idle rounds, not at every pause: each
 * look reads a cache line that the sibling's producers write, and a spinning owner takes its own calls within a pause
 * anyway. It looks at every sibling before it parks, and after each park. In a small pool it also watches parked
 * siblings' queues at every pause, so that a producer may leave a call on a parked lane for it
 * ({@link #aSiblingWillTakeIt}).
 * <p>
 * The lane's current consumer is the only thread that steals through it and owns its counters; producers ask only
 * {@link #aSiblingWillTakeIt} and {@link #queuedOnAnAwakeHome}, which read final and volatile fields.
 */
final class LaneThief {

    /** Idle rounds (one pause each, {@code pause-nanoseconds}) between two looks while spinning. */
    static final int SCAN_EVERY = 8;
    /** Siblings looked at per look while spinning, and woken candidates per call started with a backlog. */
    static final int WIDTH = 4;

    private final WorkerLane[] lanes;
    private final int home;
    /**
     * Whether the pool is small enough ({@value #WIDTH} siblings or fewer) for a look at every sibling on each idle
     * round and at each call: then a producer may leave a parked lane asleep while a sibling spins
     * ({@link #aSiblingWillTakeIt}), because that sibling watches parked lanes' queues closely.
     */
    private final boolean watchesAll;
    private int rounds;
    /** Where the next look starts, among the siblings (0 .. lanes - 2), so that thieves spread over victims. */
    private int cursor;
    /** The last look found work: look again at the next round. */
    private boolean eager;

    LaneThief(WorkerLane[] lanes, int home) {
        this.lanes = lanes;
        this.home = home;
        this.cursor = home; // thieves start apart
        this.watchesAll = lanes.length - 1 <= WIDTH;
    }

    /** A call taken from a sibling, or null; {@code parking}: the worker is in its park phase (it just woke). */
    Call<?, ?> steal(boolean parking) {
        if (!eager && !parking && ++rounds % SCAN_EVERY != 0) {
            // between looks, only calls left on parked siblings, which nobody else will run soon
            return watchesAll ? fromAParkedSibling() : null;
        }
        eager = false;
        if (watchesAll) {
            Call<?, ?> left = fromAParkedSibling();
            if (left != null) {
                return left;
            }
        }
        int siblings = lanes.length - 1;
        int width = parking ? siblings : Math.min(WIDTH, siblings);
        for (int i = 0; i < width; i++) {
            WorkerLane victim = sibling(cursor++);
            if (victim.terminated) {
                continue; // its queue fails as closed (ClosedDrain)
            }
            Call<?, ?> call = victim.queue.relaxedPoll();
            if (call != null) {
                eager = true;
                return call;
            }
        }
        return null;
    }

    /**
     * Whether a sibling has a queued call: the worker then does not park, and looks at the next round. It reads the
     * queues' indexes ({@code isEmpty}), which a producer has written before it reads {@code spinning}.
     */
    boolean workElsewhere() {
        for (int i = 0; i < lanes.length - 1; i++) {
            WorkerLane victim = sibling(cursor + i);
            if (!victim.terminated && !victim.queue.isEmpty()) {
                eager = true;
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a sibling is running a call: a call queued behind it in the instant it started may have been seen by
     * neither its producer nor that sibling ({@link #queuedOnAnAwakeHome}), and reaches a parked thief only when it
     * looks by itself.
     */
    boolean aSiblingIsRunning() {
        for (int i = 0; i < lanes.length - 1; i++) {
            WorkerLane sibling = sibling(i);
            if (!sibling.terminated && sibling.running() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asked by a producer that just queued a call on the home lane and did not wake it: when the home lane is running a
     * call, the new one waits behind it, so one parked sibling is woken to take it. Without this, a sibling that parked
     * while every lane was idle would sleep for {@code park-ms} while the call waits out the running one. The producer
     * reads the siblings' {@code parked} first (rarely written) and the home lane's {@code current} (written by its
     * worker at every call) only when a sibling sleeps. It wakes the sleeper even when another sibling spins: that one
     * may start a long call of its own before it looks, and only calls left on parked lanes are handed on when a lane
     * stops spinning. Returns whether it woke one.
     */
    boolean queuedOnAnAwakeHome() {
        int width = Math.min(WIDTH, lanes.length - 1);
        for (int i = 0; i < width; i++) {
            WorkerLane sibling = sibling(i);
            if (sibling.parked != 0 && !sibling.terminated) {
                return lanes[home].current instanceof Call && sibling.wakeForACaller();
            }
        }
        return false;
    }

    /** The home lane started a call with more queued behind it: wakes one parked sibling, if any, to take them. */
    void callForHelp() {
        int width = Math.min(WIDTH, lanes.length - 1);
        for (int i = 0; i < width; i++) {
            if (sibling(cursor + i).wakeIfParked()) {
                return;
            }
        }
    }

    /**
     * Asked by a producer that just queued a call on this thief's parked home lane: whether a sibling spins and will
     * take the call, so that the home lane may stay asleep. Only in a small pool, whose spinning lanes look at every
     * parked sibling at every pause ({@link WorkerLane#hasWork}) and, when they stop spinning, wake a parked sibling
     * that still has calls ({@link WorkerLane#stopSpinning}).
     */
    boolean aSiblingWillTakeIt() {
        if (!watchesAll) {
            return false;
        }
        for (int i = 0; i < lanes.length - 1; i++) {
            WorkerLane sibling = sibling(i);
            if (sibling.spinning != 0 && !sibling.terminated) {
                return true;
            }
        }
        return false;
    }

    /** Whether a parked sibling has a queued call (a small pool's spinning lane asks at every pause). */
    boolean parkedSiblingHasWork() {
        if (!watchesAll) {
            return false;
        }
        for (int i = 0; i < lanes.length - 1; i++) {
            if (sibling(i).parkedWithWork()) {
                return true;
            }
        }
        return false;
    }

    /** The home lane stopped spinning: wakes every parked sibling that still has calls, left there for it. */
    void wakeParkedWithWork() {
        if (!watchesAll) {
            return;
        }
        for (int i = 0; i < lanes.length - 1; i++) {
            WorkerLane sibling = sibling(i);
            if (sibling.parkedWithWork()) {
                sibling.wakeIfParked();
            }
        }
    }

    private Call<?, ?> fromAParkedSibling() {
        for (int i = 0; i < lanes.length - 1; i++) {
            WorkerLane sibling = sibling(i);
            if (sibling.parked != 0 && !sibling.terminated) {
                Call<?, ?> call = sibling.queue.relaxedPoll();
                if (call != null) {
                    eager = true;
                    return call;
                }
            }
        }
        return null;
    }

    /** The {@code n}-th sibling after the home lane, wrapping. */
    private WorkerLane sibling(int n) {
        int siblings = lanes.length - 1;
        int offset = 1 + Math.floorMod(n, siblings);
        int at = home + offset;
        return lanes[at >= lanes.length ? at - lanes.length : at];
    }
}
