package io.quarkiverse.knitting;

/**
 * The default of each pool option, stated once: {@link KnittingPool.Builder} starts from these and the Quarkus
 * configuration's {@code @WithDefault}s are built from them. Timers and the payload sizes whose defaults depend on
 * other options are resolved by the builder.
 */
public final class PoolDefaults {

    public static final String NAME = "default";
    public static final int THREADS = 1;
    public static final boolean INLINER_ENABLED = false;
    public static final String INLINER_POSITION = "last";
    public static final int INLINER_BATCH_SIZE = 1;
    public static final int INLINER_DISPATCH_THRESHOLD = 1;
    public static final String BALANCER = "round-robin";
    public static final boolean RESOLVE_AFTER_FINISHING_ALL = false;
    /**
     * Spin budget of an idle worker lane per lane, in microseconds, when {@code worker.timers.spin-microseconds} is not
     * set, up to {@link #SPIN_MICROSECONDS_MAX}: with round-robin each lane sees every {@code threads}-th call, so a
     * lane spins longer to catch the same caller's next call.
     */
    public static final long SPIN_MICROSECONDS_PER_THREAD = 50;
    /**
     * The most the default spin budget grows to (two lanes' worth). The JavaScript library's {@code threads × 50}
     * without a bound made each lane of a 63-lane pool spin 3.15 ms after every call, pegging the CPU of a service at
     * moderate load. How many lanes spin at once is bounded anyway by the processors ({@code SpinPermits}).
     */
    public static final long SPIN_MICROSECONDS_MAX = 100;
    /**
     * The spin budget of {@code lanes} worker lanes in a JVM that may use {@code processors}, when
     * {@code worker.timers.spin-microseconds} is not set: {@link #SPIN_MICROSECONDS_PER_THREAD} per lane up to
     * {@link #SPIN_MICROSECONDS_MAX}, and none when the lanes outnumber the processors. Such a pool has lanes waiting
     * for a core whenever it is busy, and a lane that spins after a call holds a core that one of them, or a caller,
     * needs (heavy-tail benchmark, 4 lanes on 2 cores: p99 813 µs with the spin, 546 without; see the guide, "Idle
     * workers").
     */
    public static long spinMicroseconds(int lanes, int processors) {
        if (lanes > processors) {
            return 0;
        }
        return Math.min(lanes * SPIN_MICROSECONDS_PER_THREAD, SPIN_MICROSECONDS_MAX);
    }

    /**
     * Spin budget after a call whose answer went to its caller's executor (an event loop's context), in microseconds,
     * when {@code worker.timers.handoff-spin-microseconds} is not set; never more than the pool's spin. Such a caller
     * does not wait on a core for its answer: its next call comes with its next request, and a full spin would hold a
     * core the event loops need (measured on the engine page, "A short spin after answers handed to an event loop"). A
     * chain of calls in one request keeps the full spin: its lane sees two calls of the same flow in a row.
     */
    public static final long HANDOFF_SPIN_MICROSECONDS = 2;

    /** The hand-off spin of a pool whose spin is {@code spinMicroseconds}, when it is not set. */
    public static long handoffSpinMicroseconds(long spinMicroseconds) {
        return Math.max(0, Math.min(HANDOFF_SPIN_MICROSECONDS, spinMicroseconds)); // an invalid spin is reported alone
    }

    /** Longest park per worker lane, in milliseconds, when {@code worker.timers.park-ms} is not set. */
    public static final long PARK_MS_PER_THREAD = 50;
    public static final long PAUSE_NANOSECONDS = 250;
    public static final String HARD_TIMEOUT_POLICY = "restart";
    /**
     * {@code worker.stuck-warn-ms} without a hard timeout: a body of a CPU pool that runs for 10 s is almost always
     * stuck or mis-sized, and the warning shows where. With a hard timeout the default is half of it instead, so the
     * warning comes before the guard fires.
     */
    public static final long STUCK_WARN_MS = 10_000;
    public static final String PAYLOAD_MODE = "growable";
    /** In growable mode, the initial size is the smaller of this and {@code payload-max-byte-length}. */
    public static final long PAYLOAD_INITIAL_BYTES = 4L << 20;
    public static final long PAYLOAD_MAX_BYTE_LENGTH = 64L << 20;
    /** {@code max-payload-bytes} defaults to {@code payload-max-byte-length} shifted right by this. */
    public static final int MAX_PAYLOAD_BYTES_SHIFT = 3;
    public static final int ABORT_SIGNAL_CAPACITY = 258;
    public static final int HOST_STALL_FREE_LOOPS = 128;
    public static final long HOST_MAX_BACKOFF_MS = 10;
    public static final int LANE_QUEUE_CAPACITY = 16_384;
    /**
     * {@code max-queued}: enough to absorb a burst of a few hundred milliseconds of short tasks, small enough that a
     * pool overloaded for minutes holds a few megabytes of waiting calls, not the heap (see the guide, "Sizing and
     * overload").
     */
    public static final int MAX_QUEUED = 10_000;
    public static final boolean DEBUG = false;
    /**
     * {@code metrics.enabled} of a pool built with {@link KnittingPool#builder()}: off, nothing reads the meters. In
     * Quarkus the key defaults to on when the application has Micrometer.
     */
    public static final boolean METRICS = false;
    /**
     * {@code metrics.timer-sampling}: one call in 16 is timed. Timing a call costs about three clock reads (some 75 ns
     * here), a third of a warm round trip; one in 16 keeps the average cost within a few percent while a task called
     * a hundred times a second still gets six timed calls a second (see the guide, "Metrics").
     */
    public static final int TIMER_SAMPLING = 16;

    private PoolDefaults() {
    }
}
