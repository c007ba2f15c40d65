package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** {@code knitting.worker.stuck-warn-ms}: a call running past it logs one warning whose stack shows where it is. */
class StuckCallWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Slow.class))
            .overrideConfigKey("knitting.worker.stuck-warn-ms", "100")
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue()
                    && record.getLoggerName().endsWith("StuckCalls"))
            .assertLogRecords(records -> assertThat(records).singleElement().satisfies(record -> assertThat(
                    record.getMessage()).contains("knitting pool 'default'", "waitsForTheLatch",
                            "worker.stuck-warn-ms=100", "knitting-default-0",
                            "at io.quarkiverse.knitting.deployment.StuckCallWarningTest$Slow.waitsForTheLatch")));

    static class Slow {
        static final CountDownLatch release = new CountDownLatch(1);

        @Task
        Uni<String> waitsForTheLatch() throws InterruptedException {
            release.await();
            return Uni.createFrom().item("done");
        }
    }

    @Inject
    Slow slow;

    @Inject
    KnittingPool pool;

    @AfterEach
    void release() {
        Slow.release.countDown();
    }

    @Test
    void theWarningCarriesTheRunningMethodsFrame() throws InterruptedException {
        slow.waitsForTheLatch().subscribe().with(item -> {
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Pool) pool).stuckCalls() == 1);
        // the message itself is checked once the application has stopped (assertLogRecords above)
    }
}
