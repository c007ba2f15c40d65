package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A task with a {@code Uni} parameter whose first body runs away past the hard timeout (deaf to the interrupt). The
 * subscriptions of one intercepted call take turns with their bodies; the runaway's turn must end with its call, not
 * when (if ever) the abandoned body returns: a later subscription, a {@code @Retry} attempt included, is answered.
 */
class AsyncParameterRunawayTurnTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class))
            .overrideConfigKey("knitting.\"runaway\".threads", "2")
            .overrideConfigKey("knitting.\"runaway\".worker.hard-timeout-ms", "200");

    static final CountDownLatch release = new CountDownLatch(1);

    /** Blocks until released, deaf to interrupts: a runaway that the hard timeout abandons. */
    static void runAway() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (release.getCount() > 0 && System.nanoTime() < until) {
            try {
                release.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException deaf) {
                // a body that does not listen
            }
        }
    }

    static class Work {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger subscriptions = new AtomicInteger();

        /** The first attempt runs away; a retry (on a fresh lane) answers. */
        @Retry(maxRetries = 2, delay = 0, retryOn = HardTimeoutException.class)
        @Task(pool = "runaway")
        Uni<Integer> retried(Uni<Integer> value) {
            int resolved = value.await().indefinitely();
            if (attempts.incrementAndGet() == 1) {
                runAway();
            }
            return Uni.createFrom().item(resolved);
        }

        @Task(pool = "runaway")
        Uni<Integer> resubscribed(Uni<Integer> value) {
            int resolved = value.await().indefinitely();
            if (subscriptions.incrementAndGet() == 1) {
                runAway();
            }
            return Uni.createFrom().item(resolved);
        }
    }

    @Inject
    Work work;

    @AfterAll
    static void releaseRunaways() {
        release.countDown();
    }

    @Test
    void aRetryAfterAHardTimeoutIsAnswered() {
        assertThat(work.retried(Uni.createFrom().item(7)).await().atMost(WAIT)).isEqualTo(7);
        assertThat(work.attempts).hasValue(2);
    }

    @Test
    void aSecondSubscriptionAfterAHardTimeoutIsAnswered() {
        Uni<Integer> call = work.resubscribed(Uni.createFrom().item(8));
        assertThatThrownBy(() -> call.await().atMost(WAIT)).isInstanceOf(HardTimeoutException.class);
        assertThat(call.await().atMost(WAIT)).isEqualTo(8);
    }
}
