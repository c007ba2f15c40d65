package io.quarkiverse.knitting;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The validated options of one pool, shaped like the {@code knitting.*} tree. {@link KnittingPool.Builder} and the
 * Quarkus configuration both produce it. Every rule, cross-field ones included, lives in the constructor, so both
 * fail with the same {@link InvalidOptionException}: the key, the value and what is allowed.
 *
 * @param laneQueueCapacity capacity of each lane's queue, rounded up to a power of two; calls beyond it wait in
 *        the pool's overflow queue (an engine setting with no {@code knitting.*} key)
 */
public record PoolSettings(
        String name,
        int threads,
        Inliner inliner,
        Balancer balancer,
        Worker worker,
        Payload payload,
        int abortSignalCapacity,
        Host host,
        int laneQueueCapacity,
        Debug debug) {

    /** Upper bound of {@code threads}: far above any useful value, low enough to catch a typo. */
    public static final int MAX_THREADS = 4_096;
    /** What {@code threads} allows, as configuration error messages say it. */
    public static final String THREADS_ALLOWED = "an integer from 1 to " + MAX_THREADS + ", or auto";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** {@code inliner.*}: the inline lane, which runs calls on the caller's thread or Vert.x context. */
    public record Inliner(boolean enabled, InlinerPosition position, int batchSize, int dispatchThreshold) {
    }

    /** {@code worker.*}. */
    public record Worker(boolean resolveAfterFinishingAll, Timers timers, OptionalLong hardTimeoutMs,
            HardTimeoutPolicy hardTimeoutPolicy, ResourceLimits resourceLimits) {
    }

    /** {@code worker.timers.*}: how an idle worker waits. */
    public record Timers(long spinMicroseconds, long parkMs, long pauseNanoseconds) {
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

    /** {@code host.*}: the host dispatcher, which moves calls from the overflow queue into lanes. */
    public record Host(int stallFreeLoops, long maxBackoffMs) {
    }

    /** {@code debug.*}. */
    public record Debug(boolean extras, boolean logMain, boolean logHref, boolean logImportedUrl) {
    }

    public PoolSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid(name, "name", name, "letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw invalid(name, "threads", threads, THREADS_ALLOWED);
        }
        Objects.requireNonNull(inliner, "inliner");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(debug, "debug");
        requireNonNull(name, "inliner.position", inliner.position(), "first or last");
        atLeast(name, "inliner.batch-size", inliner.batchSize(), 1);
        atLeast(name, "inliner.dispatch-threshold", inliner.dispatchThreshold(), 1);
        requireNonNull(name, "balancer", balancer, Balancer.ALLOWED);
        checkWorker(name, worker);
        checkPayload(name, payload);
        if (abortSignalCapacity < 1 || abortSignalCapacity > 65_536) {
            throw invalid(name, "abort-signal-capacity", abortSignalCapacity, "an integer from 1 to 65536");
        }
        atLeast(name, "host.stall-free-loops", host.stallFreeLoops(), 0);
        atLeast(name, "host.max-backoff-ms", host.maxBackoffMs(), 1);
        if (laneQueueCapacity < 2 || laneQueueCapacity > (1 << 24)) {
            throw invalid(name, "lane-queue-capacity", laneQueueCapacity, "an integer from 2 to 16777216");
        }
    }

    /** Lanes the balancer sees: worker lanes plus the inline lane when enabled. */
    public int totalLanes() {
        return threads + (inliner.enabled() ? 1 : 0);
    }

    private static void checkWorker(String name, Worker worker) {
        Timers timers = Objects.requireNonNull(worker.timers(), "worker.timers");
        atLeast(name, "worker.timers.spin-microseconds", timers.spinMicroseconds(), 0);
        atLeast(name, "worker.timers.park-ms", timers.parkMs(), 1);
        atLeast(name, "worker.timers.pause-nanoseconds", timers.pauseNanoseconds(), 0);
        OptionalLong hardTimeoutMs = Objects.requireNonNull(worker.hardTimeoutMs(), "worker.hard-timeout-ms");
        if (hardTimeoutMs.isPresent()) {
            atLeast(name, "worker.hard-timeout-ms", hardTimeoutMs.getAsLong(), 1);
        }
        requireNonNull(name, "worker.hard-timeout-policy", worker.hardTimeoutPolicy(),
                "restart, shutdown or replace-lane");
        ResourceLimits limits = Objects.requireNonNull(worker.resourceLimits(), "worker.resource-limits");
        positiveIfSet(name, "worker.resource-limits.stack-size-mb", limits.stackSizeMb());
        positiveIfSet(name, "worker.resource-limits.max-old-generation-size-mb", limits.maxOldGenerationSizeMb());
        positiveIfSet(name, "worker.resource-limits.max-young-generation-size-mb", limits.maxYoungGenerationSizeMb());
        positiveIfSet(name, "worker.resource-limits.code-range-size-mb", limits.codeRangeSizeMb());
    }

    private static void checkPayload(String name, Payload payload) {
        requireNonNull(name, "payload.mode", payload.mode(), PayloadMode.ALLOWED);
        long maxByteLength = payload.payloadMaxByteLength();
        atLeast(name, "payload.payload-max-byte-length", maxByteLength, 8);
        atLeast(name, "payload.payload-initial-bytes", payload.payloadInitialBytes(), 1);
        if (payload.mode() == PayloadMode.GROWABLE && payload.payloadInitialBytes() > maxByteLength) {
            throw invalid(name, "payload.payload-initial-bytes", payload.payloadInitialBytes(),
                    "at most payload.payload-max-byte-length (" + maxByteLength + ") in growable mode");
        }
        long ceiling = maxByteLength >> PoolDefaults.MAX_PAYLOAD_BYTES_SHIFT;
        if (payload.maxPayloadBytes() <= 0 || payload.maxPayloadBytes() > ceiling) {
            throw invalid(name, "payload.max-payload-bytes", payload.maxPayloadBytes(),
                    "greater than 0 and at most payload.payload-max-byte-length >> 3 (" + ceiling + ")");
        }
    }

    private static InvalidOptionException invalid(String pool, String key, Object value, String allowed) {
        return new InvalidOptionException(pool, key, value, allowed);
    }

    private static void atLeast(String pool, String key, long value, long min) {
        if (value < min) {
            throw invalid(pool, key, value, "an integer >= " + min);
        }
    }

    private static void positiveIfSet(String pool, String key, OptionalInt value) {
        if (value == null) {
            throw invalid(pool, key, null, "a positive integer, or unset");
        }
        if (value.isPresent() && value.getAsInt() < 1) {
            throw invalid(pool, key, value.getAsInt(), "an integer >= 1, or unset");
        }
    }

    private static void requireNonNull(String pool, String key, Object value, String allowed) {
        if (value == null) {
            throw invalid(pool, key, null, allowed);
        }
    }
}
