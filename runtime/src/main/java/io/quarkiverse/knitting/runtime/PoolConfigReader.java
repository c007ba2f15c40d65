package io.quarkiverse.knitting.runtime;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.quarkiverse.knitting.InvalidOptionException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolSettings;

/**
 * Turns one pool's {@code knitting.*} configuration into validated {@link PoolSettings} (the converters have read
 * {@code auto} threads and the balancer's spellings already): warns once for each deprecated alias in use, and
 * reports an invalid value with its full key ({@code knitting."fast".worker.timers.park-ms}), the value and what is
 * allowed.
 */
final class PoolConfigReader {

    private static final Logger LOG = Logger.getLogger(PoolConfigReader.class);

    private final String name;
    private final KnittingConfig.PoolConfig config;
    /** Whether the pools record metrics (the application publishes them, or the Dev UI shows them). */
    private final boolean metered;
    /** Dev mode: every call is timed, so that the Dev UI shows how long each running call has run. */
    private final boolean timeEveryCall;

    /** The name under {@code knitting} that holds per-method settings, so no pool may have it. */
    static final String TASK_KEYS = "task";

    PoolConfigReader(String name, KnittingConfig.PoolConfig config, boolean metered, boolean timeEveryCall) {
        this.name = name;
        this.config = config;
        this.metered = metered;
        this.timeEveryCall = timeEveryCall;
    }

    /** The full configuration key of {@code relativeKey} for this pool. */
    static String key(String pool, String relativeKey) {
        return KnittingConfig.DEFAULT_POOL.equals(pool) ? "knitting." + relativeKey
                : "knitting.\"" + pool + "\"." + relativeKey;
    }

    PoolSettings read() {
        if (TASK_KEYS.equals(name)) {
            throw new InvalidPoolConfiguration(List.of("A pool cannot be called '" + TASK_KEYS + "': knitting." + TASK_KEYS
                    + ".* holds the per-method settings of @Task methods; choose another name"));
        }
        List<String> healthProblems = new ArrayList<>();
        if (config.health().saturatedAfter().isNegative()) {
            healthProblems.add(key(name, "health.saturated-after") + "=" + config.health().saturatedAfter()
                    + " is invalid: allowed is a duration >= 0");
        }
        if (config.health().maxAbandonedThreads() < 0) {
            healthProblems.add(key(name, "health.max-abandoned-threads") + "=" + config.health().maxAbandonedThreads()
                    + " is invalid: allowed is an integer >= 0");
        }
        if (!healthProblems.isEmpty()) {
            throw new InvalidPoolConfiguration(healthProblems);
        }
        KnittingPool.Builder builder = KnittingPool.builder()
                .name(name)
                .threads(config.threads())
                .inliner(config.inliner().enabled())
                .inlinerPosition(config.inliner().position())
                .inlinerBatchSize(config.inliner().batchSize())
                .inlinerDispatchThreshold(config.inliner().dispatchThreshold())
                .resolveAfterFinishingAll(config.worker().resolveAfterFinishingAll())
                .pauseNanoseconds(config.worker().timers().pauseNanoseconds())
                .hardTimeoutPolicy(config.worker().hardTimeoutPolicy())
                .payloadMode(config.payload().mode())
                .payloadMaxByteLength(config.payload().payloadMaxByteLength())
                .abortSignalCapacity(config.abortSignalCapacity())
                .maxQueued(config.maxQueued())
                .hostStallFreeLoops(config.host().stallFreeLoops())
                .hostMaxBackoffMs(config.host().maxBackoffMs())
                .debugExtras(config.debug().extras())
                .debugLogMain(config.debug().logMain())
                .debugLogHref(config.debug().logHref())
                .debugLogImportedUrl(config.debug().logImportedUrl())
                .metrics(metered && config.metrics().enabled())
                .timerSampling(timerSampling());
        config.balancer().ifPresent(builder::balancer);
        config.host().steal().ifPresent(builder::hostSteal);
        config.worker().timers().spinMicroseconds().ifPresent(builder::spinMicroseconds);
        config.worker().timers().parkMs().ifPresent(builder::parkMs);
        config.worker().timers().handoffSpinMicroseconds().ifPresent(builder::handoffSpinMicroseconds);
        config.worker().hardTimeoutMs().ifPresent(builder::hardTimeoutMs);
        config.worker().stuckWarnMs().ifPresent(builder::stuckWarnMs);
        config.queueTimeoutMs().ifPresent(builder::queueTimeoutMs);
        WorkerConfig.ResourceLimitsConfig limits = config.worker().resourceLimits();
        limits.stackSizeMb().ifPresent(builder::stackSizeMb);
        limits.maxOldGenerationSizeMb().ifPresent(builder::maxOldGenerationSizeMb);
        limits.maxYoungGenerationSizeMb().ifPresent(builder::maxYoungGenerationSizeMb);
        limits.codeRangeSizeMb().ifPresent(builder::codeRangeSizeMb);
        config.payload().payloadInitialBytes().ifPresent(builder::payloadInitialBytes);
        config.payload().maxPayloadBytes().ifPresent(builder::maxPayloadBytes);
        warnAboutDeprecatedKeys();
        try {
            return builder.settings();
        } catch (InvalidOptionException e) {
            List<String> problems = new ArrayList<>();
            for (InvalidOptionException.Problem problem : e.problems()) {
                problems.add(key(name, problem.key()) + "=" + problem.value() + " is invalid: allowed is "
                        + problem.allowed());
            }
            throw new InvalidPoolConfiguration(problems);
        }
    }

    /**
     * One call in this many is timed: the configured value, or every call in dev mode when that value is valid. An
     * invalid one goes to the checks as it is, so dev mode refuses what production would.
     */
    private int timerSampling() {
        int configured = config.metrics().timerSampling();
        return timeEveryCall && PoolSettings.isValidTimerSampling(configured) ? 1 : configured;
    }

    /** Every invalid {@code knitting.*} value of one pool, each as {@code <full key>=<value> is invalid: ...}. */
    static final class InvalidPoolConfiguration extends RuntimeException {
        final transient List<String> problems;

        InvalidPoolConfiguration(List<String> problems) {
            super(String.join("; ", problems), null, false, false);
            this.problems = problems;
        }
    }

    /** The aliases themselves are read by {@link DeprecatedKeys}; this only says which are in use. */
    private void warnAboutDeprecatedKeys() {
        warnIfSet(config.payloadInitialBytes().isPresent(), "payload.payload-initial-bytes");
        warnIfSet(config.payloadMaxBytes().isPresent(), "payload.payload-max-byte-length");
        warnIfSet(config.bufferMode().isPresent(), "payload.mode");
        warnIfSet(config.maxPayloadBytes().isPresent(), "payload.max-payload-bytes");
        warnIfSet(config.dispatcher().stallFreeLoops().isPresent(), "host.stall-free-loops");
        warnIfSet(config.dispatcher().maxBackoffMs().isPresent(), "host.max-backoff-ms");
    }

    private void warnIfSet(boolean set, String currentKey) {
        if (set) {
            LOG.warnf("%s is deprecated: use %s (which wins when both are set)",
                    key(name, DeprecatedKeys.ALIASES.get(currentKey)), key(name, currentKey));
        }
    }
}
