package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * With every Fault Tolerance policy but fallback switched off, a @Timeout bounds nothing: neither the caller nor the
 * dispatch.
 */
class FaultToleranceSwitchedOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Guarded.class))
            .overrideConfigKey("MP_Fault_Tolerance_NonFallback_Enabled", "false");

    static class Guarded {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean sawAbort = new AtomicBoolean();

        @Timeout(100)
        @Task(abortable = true)
        Uni<String> bounded() throws InterruptedException {
            while (!release.await(1, TimeUnit.MILLISECONDS)) {
                if (AbortSignal.current().hasAborted()) {
                    sawAbort.set(true);
                    return Uni.createFrom().item("aborted");
                }
            }
            return Uni.createFrom().item("finished");
        }
    }

    @Inject
    Guarded guarded;

    @Test
    void theCallRunsPastTheAnnotationsValueAndIsAnswered() throws Exception {
        try {
            CompletableFuture<String> call = guarded.bounded().subscribeAsCompletionStage();
            Thread.sleep(1_000); // ten times the annotation's value
            assertThat(guarded.sawAbort).as("aborted at the annotation's value").isFalse();
            guarded.release.countDown();
            assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
        } finally {
            guarded.release.countDown();
        }
    }
}
