package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * The dispatch's cancel deadline follows the Fault Tolerance @Timeout that Fault Tolerance applies, configuration
 * included: a timeout switched off by configuration leaves the call running and answered, and a raised one lets it
 * run past the annotation's value.
 */
class FaultToleranceConfigTest {

    private static final String GUARDED = Guarded.class.getName();

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Guarded.class))
            .overrideConfigKey(GUARDED + "/switchedOff/Timeout/enabled", "false")
            .overrideConfigKey(GUARDED + "/raised/Timeout/value", "60000");

    static class Guarded {
        volatile CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean sawAbort = new AtomicBoolean();

        @Timeout(100)
        @Task(abortable = true)
        Uni<String> switchedOff() throws InterruptedException {
            return Uni.createFrom().item(runUntilReleased());
        }

        @Timeout(100)
        @Task(abortable = true)
        Uni<String> raised() throws InterruptedException {
            return Uni.createFrom().item(runUntilReleased());
        }

        private String runUntilReleased() throws InterruptedException {
            while (!release.await(1, TimeUnit.MILLISECONDS)) {
                if (AbortSignal.current().hasAborted()) {
                    sawAbort.set(true);
                    return "aborted";
                }
            }
            return "finished";
        }
    }

    @Inject
    Guarded guarded;

    @BeforeEach
    void holdTheNextCall() {
        guarded.release = new CountDownLatch(1);
        guarded.sawAbort.set(false);
    }

    @AfterEach
    void release() {
        guarded.release.countDown();
    }

    @Test
    void aTimeoutSwitchedOffByConfigurationLeavesTheCallRunningAndAnswered() throws Exception {
        assertRunsPastTheAnnotationsValue(guarded.switchedOff().subscribeAsCompletionStage());
    }

    @Test
    void aTimeoutRaisedByConfigurationLetsTheCallRunPastTheAnnotationsValue() throws Exception {
        assertRunsPastTheAnnotationsValue(guarded.raised().subscribeAsCompletionStage());
    }

    private void assertRunsPastTheAnnotationsValue(CompletableFuture<String> call) throws Exception {
        // ten times the annotation's 100 ms: the old bridge had cancelled the call by then
        Thread.sleep(Duration.ofSeconds(1).toMillis());
        assertThat(guarded.sawAbort).as("aborted at the annotation's value").isFalse();
        guarded.release.countDown();
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
    }
}
