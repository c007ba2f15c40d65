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
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.TaskTimeoutException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * The {@code Uni} a {@code @Task} method returns is lazy: each subscription is one dispatch, and it resolves the
 * {@code Uni} parameters anew, as {@code argument.map(...)} would. The values one subscription resolved reach only its
 * own body, even when several subscriptions of the same returned {@code Uni} are queued at once. A {@code @Retry}
 * attempt is a new subscription too.
 */
class AsyncParameterSubscriptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Echo.class, Gate.class))
            .overrideConfigKey("knitting.\"single\".threads", "1")
            .overrideConfigKey("knitting.\"pair\".threads", "2");

    static class Echo {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        /** Keeps the pool's only lane busy until released. */
        @Task(pool = "single")
        Uni<Void> hold() throws InterruptedException {
            holding.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Uni.createFrom().voidItem();
        }

        @Task(pool = "single")
        Uni<Integer> echo(Uni<Integer> value) {
            return value;
        }

        /** Holds the body that received 1 until {@code gate} releases it; the others return at once. */
        @Task(pool = "pair")
        Uni<Integer> holdingTheFirst(Uni<Integer> value, Gate gate) throws InterruptedException {
            int resolved = value.await().indefinitely();
            if (resolved == 1) {
                gate.running.countDown();
                gate.release.await(30, TimeUnit.SECONDS); // longer than a test waits
            }
            return Uni.createFrom().item(resolved);
        }

        @Task(pool = "pair")
        Uni<String> ping() {
            return Uni.createFrom().item("pong");
        }

        @Task(pool = "single", timeoutMs = 100)
        Uni<Integer> bounded(Uni<Integer> value) {
            return value;
        }

        /** Fails until its argument has resolved to 3. */
        @Retry(maxRetries = 3, delay = 0)
        @Task(pool = "single")
        Uni<Integer> untilThree(Uni<Integer> value) {
            int resolved = value.await().indefinitely();
            if (resolved < 3) {
                throw new IllegalStateException("resolved to " + resolved);
            }
            return Uni.createFrom().item(resolved);
        }
    }

    /** One test's hold on the body that received 1. */
    record Gate(CountDownLatch running, CountDownLatch release) {
        Gate() {
            this(new CountDownLatch(1), new CountDownLatch(1));
        }
    }

    @Inject
    Echo echo;

    @Test
    void eachSubscriptionResolvesTheParametersAnew() {
        AtomicInteger resolutions = new AtomicInteger();
        Uni<Integer> call = echo.echo(Uni.createFrom().item(resolutions::incrementAndGet));

        assertThat(call.await().atMost(WAIT)).isEqualTo(1);
        assertThat(call.await().atMost(WAIT)).isEqualTo(2);
        assertThat(call.await().atMost(WAIT)).isEqualTo(3);
    }

    /** Subscribes {@code call} once and waits until that body runs, held by {@code gate}. */
    private static CompletableFuture<Integer> firstBodyRunning(Uni<Integer> call, Gate gate)
            throws InterruptedException {
        CompletableFuture<Integer> first = call.subscribeAsCompletionStage();
        assertThat(gate.running().await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    /**
     * A second subscription waits for the first one's body without holding a lane: the pool's other lane still serves
     * other calls meanwhile.
     */
    @Test
    void aSubscriptionWaitingForAnotherOnesBodyHoldsNoLane() throws Exception {
        Gate gate = new Gate();
        Uni<Integer> call = echo.holdingTheFirst(Uni.createFrom().item(new AtomicInteger()::incrementAndGet), gate);
        CompletableFuture<Integer> first = firstBodyRunning(call, gate);
        CompletableFuture<Integer> second = call.subscribeAsCompletionStage();

        assertThat(echo.ping().await().atMost(WAIT)).isEqualTo("pong");
        gate.release().countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /**
     * Subscriptions given up while they wait for another one's body (a retry storm against a stuck body) are skipped
     * one after another when it ends, without piling up nested completions.
     */
    @Test
    void manySubscriptionsGivenUpWhileWaitingDoNotHoldBackTheNextOne() throws Exception {
        Gate gate = new Gate();
        Uni<Integer> call = echo.holdingTheFirst(Uni.createFrom().item(new AtomicInteger()::incrementAndGet), gate);
        CompletableFuture<Integer> first = firstBodyRunning(call, gate);
        for (int i = 0; i < 20_000; i++) {
            call.subscribe().with(item -> {
            }).cancel();
        }
        CompletableFuture<Integer> last = call.subscribeAsCompletionStage();

        gate.release().countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(20_002);
    }

    @Test
    void theTimeoutCoversTheWaitForAParameter() {
        assertThatThrownBy(() -> echo.bounded(Uni.createFrom().nothing()).await().atMost(WAIT))
                .isInstanceOf(TaskTimeoutException.class);
    }

    @Test
    void eachRetryAttemptResolvesTheParametersAnew() {
        AtomicInteger resolutions = new AtomicInteger();

        assertThat(echo.untilThree(Uni.createFrom().item(resolutions::incrementAndGet)).await().atMost(WAIT))
                .isEqualTo(3);
        assertThat(resolutions).hasValue(3);
    }

    @Test
    void subscriptionsQueuedAtOnceEachReceiveTheirOwnValues() throws Exception {
        CompletableFuture<Void> held = echo.hold().subscribeAsCompletionStage();
        assertThat(echo.holding.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger resolutions = new AtomicInteger();
        Uni<Integer> call = echo.echo(Uni.createFrom().item(resolutions::incrementAndGet));

        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(call.subscribeAsCompletionStage()); // each resolves at once and queues behind hold()
        }
        await().atMost(WAIT).until(() -> resolutions.get() == 4);
        echo.release.countDown();
        held.get(10, TimeUnit.SECONDS);

        List<Integer> values = new ArrayList<>();
        for (CompletableFuture<Integer> answer : answers) {
            values.add(answer.get(10, TimeUnit.SECONDS));
        }
        assertThat(values).containsExactlyInAnyOrder(1, 2, 3, 4);
    }
}
