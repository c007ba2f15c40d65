package io.quarkiverse.knitting.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.jboss.logging.Logger;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PayloadMode;
import io.quarkiverse.knitting.engine.InvalidOptionException;
import io.quarkiverse.knitting.engine.PoolSettings;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Turns one pool's {@code knitting.*} configuration into validated {@link PoolSettings}: resolves {@code auto}
 * threads and the JavaScript spellings, applies deprecated aliases with one warning each, and reports an invalid
 * value with its full key ({@code knitting."fast".worker.timers.park-ms}), the value and what is allowed.
 */
final class PoolConfigReader {

    private static final Logger LOG = Logger.getLogger(PoolConfigReader.class);

    private final String name;
    private final KnittingConfig.PoolConfig config;
    private final List<String> warnings = new ArrayList<>();

    PoolConfigReader(String name, KnittingConfig.PoolConfig config) {
        this.name = name;
        this.config = config;
    }

    /** The full configuration key of {@code relativeKey} for this pool. */
    static String key(String pool, String relativeKey) {
        return KnittingConfig.DEFAULT_POOL.equals(pool) ? "knitting." + relativeKey
                : "knitting.\"" + pool + "\"." + relativeKey;
    }

    PoolSettings read() {
        KnittingPool.Builder builder = KnittingPool.builder()
                .name(name)
                .threads(threads())
                .inliner(config.inliner().enabled())
                .inlinerPosition(config.inliner().position())
                .inlinerBatchSize(config.inliner().batchSize())
                .inlinerDispatchThreshold(config.inliner().dispatchThreshold())
                .balancer(balancer())
                .resolveAfterFinishingAll(config.worker().resolveAfterFinishingAll())
                .pauseNanoseconds(config.worker().timers().pauseNanoseconds())
                .hardTimeoutPolicy(config.worker().hardTimeoutPolicy())
                .payloadMode(payloadMode())
                .payloadInitialBytes(aliased(config.payloadInitialBytes(), "payload-initial-bytes",
                        "payload.payload-initial-bytes", config.payload().payloadInitialBytes()))
                .payloadMaxByteLength(aliased(config.payloadMaxBytes(), "payload-max-bytes",
                        "payload.payload-max-byte-length", config.payload().payloadMaxByteLength()))
                .abortSignalCapacity(config.abortSignalCapacity())
                .hostStallFreeLoops(hostStallFreeLoops())
                .hostMaxBackoffMs(hostMaxBackoffMs())
                .debugExtras(config.debug().extras())
                .debugLogMain(config.debug().logMain())
                .debugLogHref(config.debug().logHref())
                .debugLogImportedUrl(config.debug().logImportedUrl());
        config.worker().timers().spinMicroseconds().ifPresent(builder::spinMicroseconds);
        config.worker().timers().parkMs().ifPresent(builder::parkMs);
        config.worker().hardTimeoutMs().ifPresent(builder::hardTimeoutMs);
        KnittingConfig.ResourceLimitsConfig limits = config.worker().resourceLimits();
        limits.stackSizeMb().ifPresent(builder::stackSizeMb);
        limits.maxOldGenerationSizeMb().ifPresent(builder::maxOldGenerationSizeMb);
        limits.maxYoungGenerationSizeMb().ifPresent(builder::maxYoungGenerationSizeMb);
        limits.codeRangeSizeMb().ifPresent(builder::codeRangeSizeMb);
        OptionalLong maxPayload = config.maxPayloadBytes().isPresent()
                ? OptionalLong.of(aliased(config.maxPayloadBytes(), "max-payload-bytes", "payload.max-payload-bytes", 0))
                : config.payload().maxPayloadBytes();
        maxPayload.ifPresent(builder::maxPayloadBytes);
        try {
            PoolSettings settings = builder.settings();
            warnings.forEach(LOG::warn);
            return settings;
        } catch (InvalidOptionException e) {
            throw new ConfigurationException(key(name, e.key()) + "=" + e.value() + " is invalid: allowed is "
                    + e.allowed());
        }
    }

    private int threads() {
        String value = config.threads().trim();
        if ("auto".equalsIgnoreCase(value)) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key(name, "threads") + "=" + value
                    + " is invalid: allowed is an integer from 1 to " + PoolSettings.MAX_THREADS + ", or auto");
        }
    }

    private Balancer balancer() {
        try {
            return Balancer.parse(config.balancer());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key(name, "balancer") + "=" + config.balancer() + " is invalid: allowed "
                    + "are round-robin, robin-round, first-idle, random-lane, first-idle-or-random (or their "
                    + "JavaScript spellings roundRobin, robinRound, firstIdle, randomLane, firstIdleOrRandom)");
        }
    }

    private PayloadMode payloadMode() {
        String value = config.bufferMode().isPresent()
                ? deprecated("buffer-mode", "payload.mode", config.bufferMode().get())
                : config.payload().mode();
        String normalized = value.trim().toUpperCase(Locale.ROOT);
        for (PayloadMode mode : PayloadMode.values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        String key = config.bufferMode().isPresent() ? "buffer-mode" : "payload.mode";
        throw new ConfigurationException(key(name, key) + "=" + value + " is invalid: allowed are growable, fixed");
    }

    private int hostStallFreeLoops() {
        OptionalInt host = config.host().stallFreeLoops();
        OptionalInt alias = config.dispatcher().stallFreeLoops();
        if (alias.isPresent()) {
            deprecated("dispatcher.stall-free-loops", "host.stall-free-loops", alias.getAsInt());
        }
        return host.isPresent() ? host.getAsInt() : alias.orElse(128);
    }

    private long hostMaxBackoffMs() {
        OptionalLong host = config.host().maxBackoffMs();
        OptionalLong alias = config.dispatcher().maxBackoffMs();
        if (alias.isPresent()) {
            deprecated("dispatcher.max-backoff-ms", "host.max-backoff-ms", alias.getAsLong());
        }
        return host.isPresent() ? host.getAsLong() : alias.orElse(10);
    }

    private long aliased(OptionalLong alias, String aliasKey, String key, long value) {
        if (alias.isPresent()) {
            deprecated(aliasKey, key, alias.getAsLong());
            return alias.getAsLong();
        }
        return value;
    }

    private <T> T deprecated(String aliasKey, String key, T value) {
        warnings.add(key(name, aliasKey) + " is deprecated: use " + key(name, key) + " (applied " + value + ")");
        return value;
    }
}
