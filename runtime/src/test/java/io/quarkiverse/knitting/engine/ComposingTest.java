package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/** A body may call a task of its own pool, returning or awaiting its Uni, without deadlocking its lane. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ComposingTest extends PoolTestBase {

    private static final Duration INNER_WAIT = Duration.ofSeconds(20);

    private TaskRef<Integer, Integer> inner() {
        return pool.register("inner", n -> n * 10);
    }

    @Test
    void aBodyReturningACallOfItsOwnPoolCompletesOnASingleLane() {
        pool = KnittingPool.builder().name("compose-return-1").threads(1).build();
        TaskRef<Integer, Integer> inner = inner();
        TaskRef<Integer, Integer> outer = pool.registerAsync("outer", TaskOptions.defaults(), n -> inner.call(n));

        assertThat(outer.call(4).await().atMost(WAIT)).isEqualTo(40);
    }

    @Test
    void concurrentBodiesReturningCallsOfTheirOwnPoolCompleteOnTwoLanes() throws Exception {
        pool = KnittingPool.builder().name("compose-return-2").threads(2).build();
        TaskRef<Integer, Integer> inner = inner();
        CountDownLatch bothRunning = new CountDownLatch(2);
        TaskRef<Integer, Integer> outer = pool.registerAsync("outer", TaskOptions.defaults(), n -> {
            bothRunning.countDown();
            bothRunning.await(10, TimeUnit.SECONDS); // every lane holds an outer call before any inner call is made
            return inner.call(n);
        });

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(outer.call(i).subscribeAsCompletionStage());
        }

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(i * 10);
        }
    }

    /**
     * A body awaits a call of its own pool that runs in place, and that call's body returns a call of the pool again.
     * The awaiting body still holds the lane, so the returned call must run in place too: queued, it would wait behind
     * the body that waits for it, for good on one lane (and for a thief's park on several).
     */
    @Test
    void aBodyAwaitingACallWhoseBodyReturnsACallOfItsOwnPoolCompletesOnASingleLane() {
        pool = KnittingPool.builder().name("compose-await-return-1").threads(1).build();
        TaskRef<Integer, Integer> inner = inner();
        TaskRef<Integer, Integer> middle = pool.registerAsync("middle", TaskOptions.defaults(), n -> inner.call(n));
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> middle.call(n).await().atMost(INNER_WAIT));

        assertThat(outer.call(4).await().atMost(INNER_WAIT.plus(WAIT))).isEqualTo(40);
        assertThat(pool.stats().failed()).isZero();
    }

    @Test
    void aBodyAwaitingACallOfItsOwnPoolCompletesOnASingleLane() {
        pool = KnittingPool.builder().name("compose-await-1").threads(1).build();
        TaskRef<Integer, Integer> inner = inner();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> inner.call(n).await().atMost(INNER_WAIT));

        assertThat(outer.call(4).await().atMost(INNER_WAIT.plus(WAIT))).isEqualTo(40);
    }

    @Test
    void concurrentBodiesAwaitingCallsOfTheirOwnPoolCompleteOnTwoLanes() throws Exception {
        pool = KnittingPool.builder().name("compose-await-2").threads(2).build();
        TaskRef<Integer, Integer> inner = inner();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> inner.call(n).await().atMost(INNER_WAIT));

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(outer.call(i).subscribeAsCompletionStage());
        }

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(INNER_WAIT.plus(WAIT).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(i * 10);
        }
    }
    @Test
    void aCallRunInPlaceThatWaitsForItsOutputIsNotTakenForARunaway() {
        pool = KnittingPool.builder().name("compose-hard-nested").threads(1).hardTimeoutMs(5_000).build();
        TaskRef<Integer, Integer> later = pool.registerAsync("later", TaskOptions.defaults(),
                n -> Uni.createFrom().item(n).onItem().delayIt().by(Duration.ofMillis(600)));
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> later.call(n).await().atMost(INNER_WAIT));

        // the in-place call waits 600 ms for its output: longer than the watchdog's scan interval, far below the limit
        assertThat(outer.call(7).await().atMost(WAIT)).isEqualTo(7);
    }

    @Test
    void anInlineCallThatWaitsForItsOutputIsNotTakenForARunaway() {
        pool = KnittingPool.builder().name("compose-hard-inline").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).hardTimeoutMs(5_000).build();
        TaskRef<Integer, Integer> later = pool.registerAsync("later", TaskOptions.defaults(),
                n -> Uni.createFrom().item(n).onItem().delayIt().by(Duration.ofMillis(600)));

        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // round-robin over the inline lane (first) and the worker lane
            items.add(later.call(i).await().atMost(WAIT));
        }
        assertThat(items).containsExactly(0, 1);
    }

    @Test
    void aCallRunInPlaceInsideARunawayIsFailedWithIt() throws Exception {
        pool = KnittingPool.builder().name("compose-runaway").threads(1).hardTimeoutMs(200).build();
        CountDownLatch innerStarted = new CountDownLatch(1);
        TaskRef<Integer, Integer> stuck = pool.register("stuck", n -> {
            innerStarted.countDown();
            spinUntilReleased();
            return n;
        });
        CompletableFuture<Integer> innerCall = new CompletableFuture<>();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            stuck.call(n).subscribe().with(innerCall::complete, innerCall::completeExceptionally);
            return n;
        });

        CompletableFuture<Integer> outerCall = outer.call(1).subscribeAsCompletionStage();
        assertThat(innerStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> outerCall.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HardTimeoutException.class);
        assertThatThrownBy(() -> innerCall.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HardTimeoutException.class);
        assertThat(pool.stats().inFlight()).isZero();
    }
}
