package io.quarkiverse.knitting.engine;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.InvalidOptionException;
import io.quarkiverse.knitting.PayloadMode;

/**
 * The validated options of one pool. Every rule, cross-field ones included, lives in the constructor so that the
 * builder and the Quarkus configuration fail with the same messages: the key, the value and what is allowed.
 */
public record PoolSettings(
        String name,
        int threads,
        boolean inliner,
        InlinerPosition inlinerPosition,
        int inlinerBatchSize,
        int inlinerDispatchThreshold,
        Balancer balancer,
        boolean resolveAfterFinishingAll,
        long spinMicroseconds,
        long parkMs,
        long pauseNanoseconds,
        OptionalLong hardTimeoutMs,
        HardTimeoutPolicy hardTimeoutPolicy,
        OptionalInt stackSizeMb,
        OptionalInt maxOldGenerationSizeMb,
        OptionalInt maxYoungGenerationSizeMb,
        OptionalInt codeRangeSizeMb,
        PayloadMode payloadMode,
        long payloadInitialBytes,
        long payloadMaxByteLength,
        long maxPayloadBytes,
        int abortSignalCapacity,
        int hostStallFreeLoops,
        long hostMaxBackoffMs,
        int laneQueueCapacity,
        boolean debugExtras,
        boolean debugLogMain,
        boolean debugLogHref,
        boolean debugLogImportedUrl) {

    public static final long DEFAULT_PAYLOAD_INITIAL_BYTES = 4L << 20;
    public static final long DEFAULT_PAYLOAD_MAX_BYTE_LENGTH = 64L << 20;
    public static final int DEFAULT_LANE_QUEUE_CAPACITY = 16_384;
    /** Upper bound of {@code threads}: far above any useful value, low enough to catch a typo. */
    public static final int MAX_THREADS = 4_096;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public PoolSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid(name, "name", name, "letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw invalid(name, "threads", threads, "an integer from 1 to " + MAX_THREADS + ", or auto");
        }
        requireNonNull(name, "inliner.position", inlinerPosition, "first or last");
        atLeast(name, "inliner.batch-size", inlinerBatchSize, 1);
        atLeast(name, "inliner.dispatch-threshold", inlinerDispatchThreshold, 1);
        requireNonNull(name, "balancer", balancer,
                "round-robin, robin-round, first-idle, random-lane or first-idle-or-random");
        atLeast(name, "worker.timers.spin-microseconds", spinMicroseconds, 0);
        atLeast(name, "worker.timers.park-ms", parkMs, 1);
        atLeast(name, "worker.timers.pause-nanoseconds", pauseNanoseconds, 0);
        if (hardTimeoutMs.isPresent()) {
            atLeast(name, "worker.hard-timeout-ms", hardTimeoutMs.getAsLong(), 1);
        }
        requireNonNull(name, "worker.hard-timeout-policy", hardTimeoutPolicy, "restart, shutdown or replace-lane");
        positiveIfSet(name, "worker.resource-limits.stack-size-mb", stackSizeMb);
        positiveIfSet(name, "worker.resource-limits.max-old-generation-size-mb", maxOldGenerationSizeMb);
        positiveIfSet(name, "worker.resource-limits.max-young-generation-size-mb", maxYoungGenerationSizeMb);
        positiveIfSet(name, "worker.resource-limits.code-range-size-mb", codeRangeSizeMb);
        requireNonNull(name, "payload.mode", payloadMode, "growable or fixed");
        atLeast(name, "payload.payload-max-byte-length", payloadMaxByteLength, 8);
        atLeast(name, "payload.payload-initial-bytes", payloadInitialBytes, 1);
        if (payloadMode == PayloadMode.GROWABLE && payloadInitialBytes > payloadMaxByteLength) {
            throw invalid(name, "payload.payload-initial-bytes", payloadInitialBytes,
                    "at most payload.payload-max-byte-length (" + payloadMaxByteLength + ") in growable mode");
        }
        long payloadCeiling = payloadMaxByteLength >> 3;
        if (maxPayloadBytes <= 0 || maxPayloadBytes > payloadCeiling) {
            throw invalid(name, "payload.max-payload-bytes", maxPayloadBytes,
                    "greater than 0 and at most payload.payload-max-byte-length >> 3 (" + payloadCeiling + ")");
        }
        if (abortSignalCapacity < 1 || abortSignalCapacity > 65_536) {
            throw invalid(name, "abort-signal-capacity", abortSignalCapacity, "an integer from 1 to 65536");
        }
        atLeast(name, "host.stall-free-loops", hostStallFreeLoops, 0);
        atLeast(name, "host.max-backoff-ms", hostMaxBackoffMs, 1);
        if (laneQueueCapacity < 2 || laneQueueCapacity > (1 << 24)) {
            throw invalid(name, "lane-queue-capacity", laneQueueCapacity, "an integer from 2 to 16777216");
        }
    }

    /** Lanes the balancer sees: worker lanes plus the inline lane when enabled. */
    public int totalLanes() {
        return threads + (inliner ? 1 : 0);
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
