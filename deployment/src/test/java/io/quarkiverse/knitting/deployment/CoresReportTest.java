package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code threads=auto} says how many lanes it chose and why; pools with tasks that hold more lanes than the processors
 * minus one get a warning (here: auto's processors - 1 lanes, plus the default pool's one).
 */
class CoresReportTest {

    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
    private static final int AUTO = Math.max(1, PROCESSORS - 1);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class))
            .overrideConfigKey("knitting.\"wide\".threads", "auto")
            .setLogRecordPredicate(record -> record.getLoggerName().endsWith("PoolRegistry")
                    && record.getLevel().intValue() >= Level.INFO.intValue())
            .assertLogRecords(records -> {
                assertThat(records).filteredOn(record -> record.getLevel().intValue() == Level.INFO.intValue())
                        .extracting(record -> String.format(record.getMessage(), record.getParameters()))
                        .anySatisfy(message -> assertThat(message).contains("Knitting pool 'wide'",
                                "knitting.\"wide\".threads=auto chose " + AUTO + " lane(s)",
                                "the " + PROCESSORS + " processors this JVM may use"));
                assertThat(records).filteredOn(record -> record.getLevel().intValue() == Level.WARNING.intValue())
                        .extracting(record -> String.format(record.getMessage(), record.getParameters()))
                        .singleElement().satisfies(message -> assertThat(message).contains(
                                (AUTO + 1) + " worker lanes in all (default=1, wide=" + AUTO + ")",
                                "for " + PROCESSORS + " processors"));
            });

    static class Work {
        @Task
        Uni<String> here() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }

        @Task(pool = "wide")
        Uni<String> wide() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }
    }

    @Inject
    Work work;

    @Test
    void autoIsExplainedAndTooManyLanesAreReported() {
        assertThat(work.wide().await().atMost(Duration.ofSeconds(10))).startsWith("knitting-wide-");
        // the messages are checked once the application has stopped (assertLogRecords above)
    }
}
