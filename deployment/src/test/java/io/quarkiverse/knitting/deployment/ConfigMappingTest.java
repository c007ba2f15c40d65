package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PayloadMode;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/** Every knitting.* key reaches the pool's settings, for the default pool and for a named one. */
class ConfigMappingTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Unconfigured.class))
            .overrideConfigKey("knitting.threads", "auto")
            .overrideConfigKey("knitting.max-payload-bytes", "4096")
            .overrideConfigKey("knitting.payload.payload-initial-bytes", "2048")
            .overrideConfigKey("knitting.dispatcher.max-backoff-ms", "7")
            .overrideConfigKey("knitting.\"full\".threads", "3")
            .overrideConfigKey("knitting.\"full\".inliner.enabled", "true")
            .overrideConfigKey("knitting.\"full\".inliner.position", "first")
            .overrideConfigKey("knitting.\"full\".inliner.batch-size", "4")
            .overrideConfigKey("knitting.\"full\".inliner.dispatch-threshold", "2")
            .overrideConfigKey("knitting.\"full\".balancer", "firstIdleOrRandom")
            .overrideConfigKey("knitting.\"full\".worker.resolve-after-finishing-all", "true")
            .overrideConfigKey("knitting.\"full\".worker.timers.spin-microseconds", "11")
            .overrideConfigKey("knitting.\"full\".worker.timers.park-ms", "12")
            .overrideConfigKey("knitting.\"full\".worker.timers.pause-nanoseconds", "0")
            .overrideConfigKey("knitting.\"full\".worker.timers.handoff-spin-microseconds", "7")
            .overrideConfigKey("knitting.\"full\".worker.hard-timeout-ms", "5000")
            .overrideConfigKey("knitting.\"full\".worker.hard-timeout-policy", "replace-lane")
            .overrideConfigKey("knitting.\"full\".worker.resource-limits.stack-size-mb", "8")
            .overrideConfigKey("knitting.\"full\".worker.resource-limits.max-old-generation-size-mb", "512")
            .overrideConfigKey("knitting.\"full\".worker.resource-limits.max-young-generation-size-mb", "64")
            .overrideConfigKey("knitting.\"full\".worker.resource-limits.code-range-size-mb", "16")
            .overrideConfigKey("knitting.\"full\".payload.mode", "fixed")
            .overrideConfigKey("knitting.\"full\".payload.payload-initial-bytes", "1024")
            .overrideConfigKey("knitting.\"full\".payload.payload-max-byte-length", "65536")
            .overrideConfigKey("knitting.\"full\".payload.max-payload-bytes", "2048")
            .overrideConfigKey("knitting.\"full\".abort-signal-capacity", "9")
            .overrideConfigKey("knitting.\"full\".host.stall-free-loops", "3")
            .overrideConfigKey("knitting.\"full\".host.max-backoff-ms", "4")
            .overrideConfigKey("knitting.\"full\".permission", "unsafe")
            .overrideConfigKey("knitting.\"full\".worker-exec-argv", "--expose-gc,-Xmx1g")
            .overrideConfigKey("knitting.\"full\".source", "worker.js")
            .overrideConfigKey("knitting.\"full\".debug.extras", "true")
            .overrideConfigKey("knitting.\"full\".debug.log-main", "true")
            .overrideConfigKey("knitting.\"full\".debug.log-href", "true")
            .overrideConfigKey("knitting.\"full\".debug.log-imported-url", "true")
            .setLogRecordPredicate(record -> record.getLoggerName().startsWith("io.quarkiverse.knitting"))
            .assertLogRecords(ConfigMappingTest::reportsOnce);

    static class Unconfigured {
        @Task(pool = "adhoc")
        Uni<String> where() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }
    }

    @Inject
    KnittingPool defaultPool;

    @Inject
    PoolRegistry registry;

    @Inject
    @Identifier("full")
    KnittingPool full;

    @Inject
    Unconfigured unconfigured;

    private static PoolSettings settings(KnittingPool pool) {
        return ((Pool) pool).settings();
    }

    @Test
    void autoThreadsAreTheProcessorsMinusOne() {
        int expected = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        assertThat(defaultPool.lanes()).isEqualTo(expected);
    }

    @Test
    void deprecatedAliasesApply() {
        assertThat(settings(defaultPool).payload().maxPayloadBytes()).isEqualTo(4096);
        assertThat(settings(defaultPool).host().maxBackoffMs()).isEqualTo(7);
    }

    @Test
    void everyKeyOfANamedPoolReachesItsSettings() {
        PoolSettings s = settings(full);
        assertThat(s.name()).isEqualTo("full");
        assertThat(s.threads()).isEqualTo(3);
        assertThat(s.inliner().enabled()).isTrue();
        assertThat(s.inliner().position()).isEqualTo(InlinerPosition.FIRST);
        assertThat(s.inliner().batchSize()).isEqualTo(4);
        assertThat(s.inliner().dispatchThreshold()).isEqualTo(2);
        assertThat(s.balancer()).isEqualTo(Balancer.FIRST_IDLE_OR_RANDOM);
        assertThat(s.worker().resolveAfterFinishingAll()).isTrue();
        assertThat(s.worker().timers().spinMicroseconds()).isEqualTo(11);
        assertThat(s.worker().timers().parkMs()).isEqualTo(12);
        assertThat(s.worker().timers().pauseNanoseconds()).isZero();
        assertThat(s.worker().timers().handoffSpinMicroseconds()).isEqualTo(7);
        assertThat(s.worker().hardTimeoutMs()).hasValue(5000);
        assertThat(s.worker().hardTimeoutPolicy()).isEqualTo(HardTimeoutPolicy.REPLACE_LANE);
        assertThat(s.worker().resourceLimits().stackSizeMb()).hasValue(8);
        assertThat(s.worker().resourceLimits().maxOldGenerationSizeMb()).hasValue(512);
        assertThat(s.worker().resourceLimits().maxYoungGenerationSizeMb()).hasValue(64);
        assertThat(s.worker().resourceLimits().codeRangeSizeMb()).hasValue(16);
        assertThat(s.payload().mode()).isEqualTo(PayloadMode.FIXED);
        assertThat(s.payload().payloadInitialBytes()).as("fixed mode: the max byte length, as in the JavaScript library")
                .isEqualTo(65536);
        assertThat(s.payload().payloadMaxByteLength()).isEqualTo(65536);
        assertThat(s.payload().maxPayloadBytes()).isEqualTo(2048);
        assertThat(s.abortSignalCapacity()).isEqualTo(9);
        assertThat(s.host().stallFreeLoops()).isEqualTo(3);
        assertThat(s.host().maxBackoffMs()).isEqualTo(4);
        assertThat(s.debug().extras()).isTrue();
        assertThat(s.debug().logMain()).isTrue();
        assertThat(s.debug().logHref()).isTrue();
        assertThat(s.debug().logImportedUrl()).isTrue();
        assertThat(full.lanes()).isEqualTo(4);
    }

    @Test
    void theInitialPayloadBytesReachTheSettingsInGrowableMode() {
        assertThat(settings(defaultPool).payload().payloadInitialBytes()).isEqualTo(2048);
    }

    @Test
    void timersDefaultToFiftyPerThreadUnderQuarkusToo() {
        PoolSettings s = settings(defaultPool);
        assertThat(s.worker().timers().spinMicroseconds()).isEqualTo(s.threads() * 50L);
        assertThat(s.worker().timers().parkMs()).isEqualTo(s.threads() * 50L);
    }

    @Test
    void aPoolWithoutConfigurationHasExactlyTheBuildersDefaults() {
        unconfigured.where().await().indefinitely();

        // the one difference: Micrometer is on this module's test classpath, so Quarkus turns metrics.enabled on
        assertThat(settings(registry.pool("adhoc")))
                .isEqualTo(KnittingPool.builder().name("adhoc").metrics(true).settings());
    }

    @Test
    void aPoolWithoutConfigurationRunsWithDefaults() {
        assertThat(unconfigured.where().await().indefinitely()).isEqualTo("knitting-adhoc-0");
    }

    private static void reportsOnce(List<LogRecord> records) {
        assertThat(messages(records, Level.WARNING, "knitting.max-payload-bytes is deprecated")).hasSize(1);
        assertThat(messages(records, Level.WARNING, "knitting.dispatcher.max-backoff-ms is deprecated")).hasSize(1);
        assertThat(messages(records, Level.INFO, "Knitting pool 'adhoc' has no configuration")).hasSize(1);
        assertThat(messages(records, Level.INFO, "knitting.\"full\".worker-exec-argv and")).hasSize(1);
    }

    private static List<String> messages(List<LogRecord> records, Level level, String start) {
        return records.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(r -> r.getParameters() == null ? r.getMessage()
                        : String.format(r.getMessage().replaceAll("\\{\\d+}", "%s"), r.getParameters()))
                .filter(m -> m.startsWith(start))
                .toList();
    }
}
