package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Under Quarkus graceful shutdown, calls in flight when the application stops (one running, one queued) finish and
 * are answered before the pools close, instead of failing with PoolClosedException.
 */
class GracefulShutdownTest {

    /** A system property outside knitting.*: the application's classes share no static with the test's. */
    private static final String OUTCOMES = "graceful-shutdown-test.outcomes";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Slow.class))
            .overrideConfigKey("quarkus.shutdown.timeout", "10s")
            .overrideConfigKey("knitting.threads", "1")
            // runs once the application has stopped
            .setAfterAllCustomizer(() -> {
                assertThat(System.clearProperty(OUTCOMES)).isEqualTo("first done; second done; ");
                assertThat(ThreadHygieneTest.knittingThreads()).isEmpty();
            });

    static class Slow {
        @Task(abortable = true)
        Uni<String> work(String name) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < end) {
                if (AbortSignal.current().hasAborted()) {
                    return Uni.createFrom().item(name + " aborted");
                }
                Thread.sleep(1);
            }
            return Uni.createFrom().item(name + " done");
        }
    }

    @Inject
    Slow slow;

    @Test
    void callsInFlightWhenTheApplicationStopsFinish() throws InterruptedException {
        for (String name : new String[] { "first", "second" }) {
            slow.work(name).subscribe().with(GracefulShutdownTest::record,
                    failure -> record(failure.getClass().getSimpleName()));
        }
        // the test ends with both calls in flight: the application stops now
    }

    private static void record(String outcome) {
        System.getProperties().merge(OUTCOMES, outcome + "; ", (before, more) -> before + "" + more);
    }
}
