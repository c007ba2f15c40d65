package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * A pool with more lanes than processors does not spin by default, and says so at startup; a pool whose spin is set
 * keeps it, and says nothing.
 */
class CrowdedPoolSpinReportTest {

    private static final int LANES = Runtime.getRuntime().availableProcessors() + 1;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class))
            .overrideConfigKey("knitting.\"crowded\".threads", String.valueOf(LANES))
            .overrideConfigKey("knitting.\"spinning\".threads", String.valueOf(LANES))
            .overrideConfigKey("knitting.\"spinning\".worker.timers.spin-microseconds", "30")
            .setLogRecordPredicate(record -> record.getLoggerName().endsWith("PoolRegistry")
                    && record.getLevel().intValue() == Level.INFO.intValue())
            .assertLogRecords(records -> {
                assertThat(records).extracting(record -> String.format(record.getMessage(), record.getParameters()))
                        .filteredOn(message -> message.contains("outnumber"))
                        .singleElement().satisfies(message -> assertThat(message).contains("Knitting pool 'crowded'",
                                LANES + " lanes outnumber the " + (LANES - 1) + " processors",
                                "knitting.\"crowded\".worker.timers.spin-microseconds"));
            });

    static class Work {
        @Task(pool = "crowded")
        Uni<String> crowded() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }

        @Task(pool = "spinning")
        Uni<String> spinning() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }
    }

    @Inject
    Work work;

    @Inject
    @Identifier("crowded")
    KnittingPool crowded;

    @Inject
    @Identifier("spinning")
    KnittingPool spinning;

    @Test
    void theCrowdedPoolParksAtOnceAndSaysSoWhileAnExplicitSpinIsKept() {
        assertThat(work.crowded().await().atMost(Duration.ofSeconds(10))).startsWith("knitting-crowded-");
        assertThat(work.spinning().await().atMost(Duration.ofSeconds(10))).startsWith("knitting-spinning-");
        assertThat(crowded.lanes()).isEqualTo(LANES);
        assertThat(spinning.lanes()).isEqualTo(LANES);
        // the startup message is checked once the application has stopped (assertLogRecords above)
    }
}
