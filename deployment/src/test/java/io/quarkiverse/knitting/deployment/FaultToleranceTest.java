package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.faulttolerance.ExecutorHolder;
import io.smallrye.mutiny.Uni;

/**
 * SmallRye Fault Tolerance wraps the dispatch: each FT decision is about dispatches to a lane, which the pool's
 * {@code submitted} counter shows (a retry inside one dispatch, or a rejection on the lane, would count otherwise).
 */
class FaultToleranceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Guarded.class))
            .overrideConfigKey("knitting.threads", "2");

    static class Guarded {
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> attemptThreads = new ArrayList<>();
        final AtomicBoolean sawAbort = new AtomicBoolean();
        final AtomicInteger breakerDispatches = new AtomicInteger();
        final CountDownLatch bulkheadRelease = new CountDownLatch(1);
        final AtomicInteger bulkheadDispatches = new AtomicInteger();

        @Retry(maxRetries = 3, delay = 0)
        @Task
        Uni<String> flaky() {
            synchronized (attemptThreads) {
                attemptThreads.add(Thread.currentThread().getName());
            }
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("attempt " + attempts.get());
            }
            return Uni.createFrom().item("third time lucky");
        }

        @Timeout(100)
        @Task(abortable = true)
        Uni<String> endless() {
            while (!AbortSignal.current().hasAborted()) {
                Thread.onSpinWait();
            }
            sawAbort.set(true);
            return Uni.createFrom().item("aborted");
        }

        @Fallback(fallbackMethod = "byDefault")
        @Task
        Uni<String> failing() {
            throw new IllegalStateException("no");
        }

        Uni<String> byDefault() {
            return Uni.createFrom().item("fallback");
        }

        @CircuitBreaker(requestVolumeThreshold = 2, failureRatio = 1.0, delay = 60_000)
        @Task
        Uni<String> broken() {
            breakerDispatches.incrementAndGet();
            throw new IllegalStateException("broken");
        }

        @Bulkhead(value = 1, waitingTaskQueue = 1) // for async methods FT queues: one runs, one waits
        @Task
        Uni<String> narrow() throws InterruptedException {
            bulkheadDispatches.incrementAndGet();
            bulkheadRelease.await();
            return Uni.createFrom().item("through");
        }
    }

    @Inject
    Guarded guarded;

    @Inject
    KnittingPool pool;

    @Test
    void retryDispatchesEachAttemptToALane() {
        long submitted = pool.stats().submitted();

        assertThat(guarded.flaky().await().atMost(WAIT)).isEqualTo("third time lucky");
        assertThat(guarded.attempts).hasValue(3);
        assertThat(pool.stats().submitted() - submitted).as("dispatches").isEqualTo(3);
        assertThat(guarded.attemptThreads).hasSize(3).allMatch(name -> name.startsWith("knitting-default-"));
    }

    @Test
    void timeoutFailsTheCallAndAbortsTheTask() {
        assertThatThrownBy(() -> guarded.endless().await().atMost(WAIT)).isInstanceOf(TimeoutException.class);
        await().atMost(WAIT).untilTrue(guarded.sawAbort);
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
    }

    /**
     * The dispatch's cancel deadline comes 50 ms after the {@code @Timeout}: when Fault Tolerance's timer runs later
     * than that (a loaded machine), the caller still sees Fault Tolerance's own {@code TimeoutException}, which its
     * {@code @Retry} and {@code @Fallback} conditions name.
     */
    @Test
    void aLateFaultToleranceTimerStillAnswersWithItsTimeoutException() throws InterruptedException {
        guarded.sawAbort.set(false);
        CountDownLatch stalled = new CountDownLatch(1);
        // a task run on the timer's own thread holds every timeout behind it
        Arc.container().instance(ExecutorHolder.class).get().getTimer().schedule(0, () -> {
            stalled.countDown();
            sleep(Duration.ofMillis(500));
        }, Runnable::run);
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> guarded.endless().await().atMost(WAIT)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("endless");
        await().atMost(WAIT).untilTrue(guarded.sawAbort);
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void fallbackSuppliesADefaultValue() {
        assertThat(guarded.failing().await().atMost(WAIT)).isEqualTo("fallback");
    }

    @Test
    void anOpenCircuitStopsDispatching() {
        long submitted = pool.stats().submitted();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guarded.broken().await().atMost(WAIT)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> guarded.broken().await().atMost(WAIT))
                .isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(guarded.breakerDispatches).hasValue(2);
        assertThat(pool.stats().submitted() - submitted).as("dispatches").isEqualTo(2);
    }

    @Test
    void aBulkheadBoundsConcurrentDispatches() throws Exception {
        long submitted = pool.stats().submitted();
        try {
            CompletableFuture<String> running = guarded.narrow().subscribeAsCompletionStage();
            await().atMost(WAIT).until(() -> guarded.bulkheadDispatches.get() == 1);
            CompletableFuture<String> waiting = guarded.narrow().subscribeAsCompletionStage();

            assertThatThrownBy(() -> guarded.narrow().await().atMost(WAIT)).isInstanceOf(BulkheadException.class);
            assertThat(guarded.bulkheadDispatches).hasValue(1); // the waiting call was not dispatched yet
            assertThat(pool.stats().submitted() - submitted).as("dispatches").isEqualTo(1);
            guarded.bulkheadRelease.countDown();

            assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("through");
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("through");
            assertThat(guarded.bulkheadDispatches).hasValue(2);
            assertThat(pool.stats().submitted() - submitted).as("dispatches").isEqualTo(2);
        } finally {
            guarded.bulkheadRelease.countDown();
        }
    }
}
