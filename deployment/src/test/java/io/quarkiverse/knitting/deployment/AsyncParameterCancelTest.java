package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A subscription of a returned {@code Uni} with async parameters that its caller cancels while it waits in a lane's
 * queue is counted as cancelled, and its body never runs, whatever the lane does while the cancel is on its way. Giving
 * up its turn passes the turn on, which dispatches the next waiting subscription right there; the engine must hear of
 * the cancel before that, or the lane could take the call meanwhile and count as completed a body that never ran.
 */
class AsyncParameterCancelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Probe.class))
            .overrideConfigKey("knitting.\"cancels\".threads", "1");

    /** An argument whose accessor (the payload guard reads it at dispatch) can hold the thread that dispatches it. */
    record Probe(int number, CountDownLatch dispatching, CountDownLatch holdDispatch) {

        @Override
        public int number() {
            if (!Thread.currentThread().getName().startsWith("knitting-")) {
                dispatching.countDown();
                try {
                    holdDispatch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return number;
        }

        int value() {
            return number;
        }
    }

    static class Work {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger bodies = new AtomicInteger();

        /** Keeps the pool's only lane busy until released. */
        @Task(pool = "cancels")
        Uni<Void> hold() throws InterruptedException {
            holding.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Uni.createFrom().voidItem();
        }

        @Task(pool = "cancels")
        Uni<Integer> take(Uni<Probe> probe) {
            bodies.incrementAndGet();
            return Uni.createFrom().item(probe.await().indefinitely().value());
        }
    }

    @Inject
    Work work;

    @Inject
    PoolRegistry pools;

    @Test
    void aCancelledSubscriptionIsCountedAsCancelledAndNeverRuns() throws Exception {
        CompletableFuture<Void> held = work.hold().subscribeAsCompletionStage();
        assertThat(work.holding.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch released = new CountDownLatch(0); // nothing holds the first dispatch, made here
        CountDownLatch secondDispatching = new CountDownLatch(1);
        CountDownLatch holdSecondDispatch = new CountDownLatch(1);
        AtomicInteger numbers = new AtomicInteger();
        Uni<Integer> call = work.take(Uni.createFrom().item(() -> {
            int number = numbers.incrementAndGet();
            return number == 1 ? new Probe(1, new CountDownLatch(1), released)
                    : new Probe(number, secondDispatching, holdSecondDispatch);
        }));
        Cancellable first = call.subscribe().with(value -> {
        }); // queued behind hold()
        CompletableFuture<Integer> second = call.subscribeAsCompletionStage(); // waits for the first one's turn

        // cancelling the first passes its turn on: the second is dispatched on the cancelling thread, held there
        CompletableFuture<Void> cancelled = CompletableFuture.runAsync(first::cancel);
        assertThat(secondDispatching.await(10, TimeUnit.SECONDS)).isTrue();
        work.release.countDown(); // the lane ends hold() and comes to the first call
        held.get(10, TimeUnit.SECONDS);
        // the lane is done with the first call: it skipped it as cancelled, or ran it (then it counts as completed)
        await().atMost(WAIT).until(() -> stats().completed() + stats().cancelled() >= 2);
        holdSecondDispatch.countDown();

        cancelled.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        await().atMost(WAIT).until(() -> stats().inFlight() == 0);
        PoolStats stats = stats();
        assertThat(work.bodies).as("bodies that ran").hasValue(1);
        assertThat(stats.cancelled()).as("cancelled").isEqualTo(1);
        assertThat(stats.completed()).as("completed: hold() and the second").isEqualTo(2);
    }

    private PoolStats stats() {
        return pools.started().get("cancels").stats();
    }
}
