package io.quarkiverse.knitting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The validated options of one pool, shaped like the {@code knitting.*} tree. {@link KnittingPool.Builder} and the
 * Quarkus configuration both produce it. Every rule, cross-field ones included, lives in the constructor, so both
 * fail with the same {@link InvalidOptionException}: the key, the value and what is allowed.
 *
 * @param maxQueued {@code max-queued}: the most calls accepted and not yet running, all lanes and the overflow
 *        together; a call over it fails at once with {@link TaskRejectedException}
 * @param queueTimeoutMs {@code queue-timeout-ms}: how long a call may wait in a queue before it fails with
 *        {@link TaskRejectedException} without running; empty: as long as it takes
 * @param laneQueueCapacity capacity of each lane's queue, rounded up to a power of two; calls beyond it wait in
 *        the pool's overflow queue (an engine setting with no {@code knitting.*} key)
 * @param metrics {@code metrics.*}: what the pool records for Micrometer
 */
public record PoolSettings(
        String name,
        int threads,
        Inliner inliner,
        Balancer balancer,
        Worker worker,
        Payload payload,
        int abortSignalCapacity,
        int maxQueued,
        OptionalLong queueTimeoutMs,
        Host host,
        int laneQueueCapacity,
        Debug debug,
        Metrics metrics) {

    /** Upper bound of {@code metrics.timer-sampling}: rarer than this, a timer says little about a busy task. */
    public static final int MAX_TIMER_SAMPLING = 1 << 20;

    /** Whether {@code metrics.timer-sampling} may be {@code timerSampling}: from 1 to {@link #MAX_TIMER_SAMPLING}. */
    public static boolean isValidTimerSampling(int timerSampling) {
        return timerSampling >= 1 && timerSampling <= MAX_TIMER_SAMPLING;
    }

    /** Upper bound of {@code threads}: far above any useful value, low enough to catch a typo. */
    public static final int MAX_THREADS = 4_096;
    /** What {@code threads} allows, as configuration error messages say it. */
    public static final String THREADS_ALLOWED = "an integer from 1 to " + MAX_THREADS + ", or auto";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** {@code inliner.*}: the inline lane, which runs calls on the caller's thread or Vert.x context. */
    public record Inliner(boolean enabled, InlinerPosition position, int batchSize, int dispatchThreshold) {
    }

    /**
     * {@code worker.*}.
     *
     * @param stuckWarnMs a call whose body runs longer than this logs one warning with its lane's stack; 0: never
     */
    public record Worker(boolean resolveAfterFinishingAll, Timers timers, OptionalLong hardTimeoutMs,
            HardTimeoutPolicy hardTimeoutPolicy, ResourceLimits resourceLimits, long stuckWarnMs) {
    }

    /**
     * {@code worker.timers.*}: how an idle worker waits.
     *
     * @param handoffSpinMicroseconds the spin after a call whose answer went to its caller's executor (a Vert.x
     *        context) and that did not continue the call answered before it
     */
    public record Timers(long spinMicroseconds, long parkMs, long pauseNanoseconds, long handoffSpinMicroseconds) {

        /** With the default hand-off spin: {@link PoolDefaults#handoffSpinMicroseconds}. */
        public Timers(long spinMicroseconds, long parkMs, long pauseNanoseconds) {
            this(spinMicroseconds, parkMs, pauseNanoseconds, PoolDefaults.handoffSpinMicroseconds(spinMicroseconds));
        }
    }

    /**
     * {@code worker.resource-limits.*}.
     *
     * @param stackSizeMb the worker threads' stack size; empty: the JVM default
     * @param maxOldGenerationSizeMb validated, not enforced: thread workers share the JVM heap
     * @param maxYoungGenerationSizeMb validated, not enforced: thread workers share the JVM heap
     * @param codeRangeSizeMb validated, not enforced: thread workers share the JVM's code cache
     */
    public record ResourceLimits(OptionalInt stackSizeMb, OptionalInt maxOldGenerationSizeMb,
            OptionalInt maxYoungGenerationSizeMb, OptionalInt codeRangeSizeMb) {

        /** Whether a limit that thread workers cannot enforce is set. */
        public boolean hasUnenforcedLimit() {
            return maxOldGenerationSizeMb.isPresent() || maxYoungGenerationSizeMb.isPresent()
                    || codeRangeSizeMb.isPresent();
        }
    }

    /** {@code payload.*}: the admission guard on the size of arguments and results. */
    public record Payload(PayloadMode mode, long payloadInitialBytes, long payloadMaxByteLength, long maxPayloadBytes) {
    }

    /**
     * {@code host.*}: the host dispatcher, which moves calls from the overflow queue into lanes, and work stealing.
     *
     * @param steal {@code host.steal}: idle worker lanes take queued calls from busy ones (with one worker lane there
     *        is nobody to take from, see {@link #steals()})
     */
    public record Host(int stallFreeLoops, long maxBackoffMs, boolean steal) {
    }

    /** {@code debug.*}. */
    public record Debug(boolean extras, boolean logMain, boolean logHref, boolean logImportedUrl) {
    }

    /**
     * {@code metrics.*}.
     *
     * @param enabled each task counts its calls by outcome and times some of them (queue wait and run), and each
     *        lane counts its idle time spinning and parked
     * @param timerSampling one call in this many is timed, chosen at random by its caller: a timed call costs three
     *        clock reads, an untimed one none; 1 times every call
     */
    public record Metrics(boolean enabled, int timerSampling) {
    }

    public PoolSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidOptionException(name, "name", name,
                    "letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        Objects.requireNonNull(inliner, "inliner");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(debug, "debug");
        Objects.requireNonNull(metrics, "metrics");
        Checks checks = new Checks();
        if (threads < 1 || threads > MAX_THREADS) {
            checks.invalid("threads", threads, THREADS_ALLOWED);
        }
        checks.notNull("inliner.position", inliner.position(), "first or last");
        checks.atLeast("inliner.batch-size", inliner.batchSize(), 1);
        checks.atLeast("inliner.dispatch-threshold", inliner.dispatchThreshold(), 1);
        checks.notNull("balancer", balancer, Balancer.ALLOWED);
        checkWorker(checks, worker);
        checkPayload(checks, payload);
        if (abortSignalCapacity < 1 || abortSignalCapacity > 65_536) {
            checks.invalid("abort-signal-capacity", abortSignalCapacity, "an integer from 1 to 65536");
        }
        checks.atLeast("max-queued", maxQueued, 1);
        Objects.requireNonNull(queueTimeoutMs, "queue-timeout-ms");
        if (queueTimeoutMs.isPresent()) {
            checks.atLeast("queue-timeout-ms", queueTimeoutMs.getAsLong(), 1);
        }
        if (!isValidTimerSampling(metrics.timerSampling())) {
            checks.invalid("metrics.timer-sampling", metrics.timerSampling(),
                    "an integer from 1 (time every call) to " + MAX_TIMER_SAMPLING);
        }
        checks.atLeast("host.stall-free-loops", host.stallFreeLoops(), 0);
        checks.atLeast("host.max-backoff-ms", host.maxBackoffMs(), 1);
        if (laneQueueCapacity < 2 || laneQueueCapacity > (1 << 24)) {
            checks.invalid("lane-queue-capacity", laneQueueCapacity, "an integer from 2 to 16777216");
        }
        if (!checks.problems.isEmpty()) {
            throw new InvalidOptionException(name, checks.problems);
        }
    }

    /** Whether idle worker lanes take queued calls from the others: {@code host.steal} with two worker lanes or more. */
    public boolean steals() {
        return host.steal() && threads > 1;
    }

    /** Lanes the balancer sees: worker lanes plus the inline lane when enabled. */
    public int totalLanes() {
        return threads + (inliner.enabled() ? 1 : 0);
    }

    private static void checkWorker(Checks checks, Worker worker) {
        Timers timers = Objects.requireNonNull(worker.timers(), "worker.timers");
        checks.atLeast("worker.timers.spin-microseconds", timers.spinMicroseconds(), 0);
        checks.atLeast("worker.timers.park-ms", timers.parkMs(), 1);
        checks.atLeast("worker.timers.pause-nanoseconds", timers.pauseNanoseconds(), 0);
        long handoffSpin = timers.handoffSpinMicroseconds();
        if (timers.spinMicroseconds() >= 0 && (handoffSpin < 0 || handoffSpin > timers.spinMicroseconds())) {
            checks.invalid("worker.timers.handoff-spin-microseconds", handoffSpin,
                    "an integer from 0 to the spin, worker.timers.spin-microseconds (" + timers.spinMicroseconds() + ")");
        }
        OptionalLong hardTimeoutMs = Objects.requireNonNull(worker.hardTimeoutMs(), "worker.hard-timeout-ms");
        if (hardTimeoutMs.isPresent()) {
            checks.atLeast("worker.hard-timeout-ms", hardTimeoutMs.getAsLong(), 1);
        }
        checks.atLeast("worker.stuck-warn-ms", worker.stuckWarnMs(), 0);
        if (hardTimeoutMs.isPresent() && worker.stuckWarnMs() > 0 && worker.stuckWarnMs() >= hardTimeoutMs.getAsLong()) {
            checks.invalid("worker.stuck-warn-ms", worker.stuckWarnMs(),
                    "0 (off) or below worker.hard-timeout-ms (" + hardTimeoutMs.getAsLong() + ")");
        }
        checks.notNull("worker.hard-timeout-policy", worker.hardTimeoutPolicy(), "restart, shutdown or replace-lane");
        ResourceLimits limits = Objects.requireNonNull(worker.resourceLimits(), "worker.resource-limits");
        checks.positiveIfSet("worker.resource-limits.stack-size-mb", limits.stackSizeMb());
        checks.positiveIfSet("worker.resource-limits.max-old-generation-size-mb", limits.maxOldGenerationSizeMb());
        checks.positiveIfSet("worker.resource-limits.max-young-generation-size-mb", limits.maxYoungGenerationSizeMb());
        checks.positiveIfSet("worker.resource-limits.code-range-size-mb", limits.codeRangeSizeMb());
    }

    private static void checkPayload(Checks checks, Payload payload) {
        checks.notNull("payload.mode", payload.mode(), PayloadMode.ALLOWED);
        long maxByteLength = payload.payloadMaxByteLength();
        if (maxByteLength < 8) {
            checks.invalid("payload.payload-max-byte-length", maxByteLength, "an integer >= 8");
            return; // the rules below are relative to it
        }
        checks.atLeast("payload.payload-initial-bytes", payload.payloadInitialBytes(), 1);
        if (payload.mode() == PayloadMode.GROWABLE && payload.payloadInitialBytes() > maxByteLength) {
            checks.invalid("payload.payload-initial-bytes", payload.payloadInitialBytes(),
                    "at most payload.payload-max-byte-length (" + maxByteLength + ") in growable mode");
        }
        long ceiling = maxByteLength >> PoolDefaults.MAX_PAYLOAD_BYTES_SHIFT;
        if (payload.maxPayloadBytes() <= 0 || payload.maxPayloadBytes() > ceiling) {
            checks.invalid("payload.max-payload-bytes", payload.maxPayloadBytes(),
                    "greater than 0 and at most payload.payload-max-byte-length >> 3 (" + ceiling + ")");
        }
    }

    /** Collects every invalid option, so that one failure names them all. */
    private static final class Checks {
        final List<InvalidOptionException.Problem> problems = new ArrayList<>();

        void invalid(String key, Object value, String allowed) {
            problems.add(new InvalidOptionException.Problem(key, String.valueOf(value), allowed));
        }

        void atLeast(String key, long value, long min) {
            if (value < min) {
                invalid(key, value, "an integer >= " + min);
            }
        }

        void positiveIfSet(String key, OptionalInt value) {
            if (value == null) {
                invalid(key, null, "a positive integer, or unset");
            } else if (value.isPresent() && value.getAsInt() < 1) {
                invalid(key, value.getAsInt(), "an integer >= 1, or unset");
            }
        }

        void notNull(String key, Object value, String allowed) {
            if (value == null) {
                invalid(key, null, allowed);
            }
        }
    }
}
