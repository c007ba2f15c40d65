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
 * A pool name misspelled in {@code @Task(pool = ...)} used to start a second pool with the defaults, with only an INFO
 * line, while the configured pool sat unused. The startup warns, naming the task, both pools and the keys that are
 * not applied. A configured pool that an injection point uses is not reported, whatever its name.
 */
class MisspelledPoolTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Hashing.class))
            .overrideConfigKey("knitting.\"hashing\".threads", "2")
            .overrideConfigKey("knitting.\"report\".threads", "1")
            .overrideConfigKey("knitting.\"reports\".threads", "1")
            .setLogRecordPredicate(record -> record.getLoggerName().endsWith("PoolRegistry")
                    && record.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> assertThat(records)
                    .extracting(record -> String.format(record.getMessage(), record.getParameters()))
                    .singleElement().satisfies(message -> assertThat(message).contains(
                            "Knitting pool 'hashign' of " + Hashing.class.getName() + "#sha(int) has no configuration",
                            "pool 'hashing' is configured (knitting.\"hashing\".*) but no @Task method or injection "
                                    + "point uses it",
                            "did you mean @Task(pool = \"hashing\")?")));

    static class Hashing {
        @Task(pool = "hashign")
        Uni<Integer> sha(int n) {
            return Uni.createFrom().item(n);
        }
    }

    @Inject
    Hashing hashing;

    @Inject
    @Identifier("reports")
    KnittingPool reports;

    @Test
    void theTaskStillRunsAndTheStartupWarned() {
        assertThat(hashing.sha(1).await().atMost(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(reports.name()).isEqualTo("reports");
        // the warning is checked once the application has stopped (assertLogRecords above)
    }
}
