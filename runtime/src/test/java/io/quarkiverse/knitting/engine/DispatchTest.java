package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

class DispatchTest extends PoolTestBase {

    @Test
    void callRunsTheBodyOnAWorkerLaneNamedAfterThePool() {
        // without stealing, so that each call runs on the lane round-robin picked and not on an idle sibling
        pool = KnittingPool.builder().name("dispatch").threads(2).hostSteal(false).build();
        TaskRef<Integer, String> whereAmI = pool.register("where", n -> Thread.currentThread().getName() + ":" + n);

        String first = whereAmI.call(1).await().atMost(WAIT);
        String second = whereAmI.call(2).await().atMost(WAIT);

        assertThat(first).isEqualTo("knitting-dispatch-0:1");
        assertThat(second).isEqualTo("knitting-dispatch-1:2");
        assertThat(Threads.liveKnittingThreads("dispatch"))
                .contains("knitting-dispatch-0", "knitting-dispatch-1", "knitting-dispatch-host");
    }

    @Test
    void uniIsLazyAndEverySubscriptionDispatchesOnce() {
        pool = KnittingPool.builder().build();
        AtomicInteger runs = new AtomicInteger();
        TaskRef<Void, Integer> count = pool.register("count", ignored -> runs.incrementAndGet());

        Uni<Integer> call = count.call(null);
        assertThat(runs).hasValue(0);

        assertThat(call.await().atMost(WAIT)).isEqualTo(1);
        assertThat(call.await().atMost(WAIT)).isEqualTo(2);
        assertThat(runs).hasValue(2);
        assertThat(pool.stats().submitted()).isEqualTo(2);
        assertThat(pool.stats().completed()).isEqualTo(2);
    }

    @Test
    void taskExceptionsReachTheCallerUnchanged() {
        pool = KnittingPool.builder().build();
        IOException cause = new IOException("disk");
        TaskRef<String, String> failing = pool.register("failing", message -> {
            throw new IllegalStateException(message, cause);
        });

        assertThatThrownBy(() -> failing.call("boom").await().atMost(WAIT))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("boom")
                .hasCause(cause);
        assertThat(pool.stats().failed()).isEqualTo(1);
    }

    @Test
    void checkedExceptionsReachTheCallerUnchanged() {
        pool = KnittingPool.builder().build();
        TaskRef<String, String> failing = pool.register("checked", message -> {
            throw new IOException(message);
        });

        assertThatThrownBy(() -> failing.call("io").subscribeAsCompletionStage().join())
                .hasCauseExactlyInstanceOf(IOException.class)
                .hasRootCauseMessage("io");
    }

    @Test
    void anInputUniIsResolvedBeforeDispatch() {
        pool = KnittingPool.builder().build();
        TaskRef<Uni<Integer>, Integer> twice = pool.register("twice",
                input -> input.await().indefinitely() * 2);

        assertThat(twice.call(Uni.createFrom().item(21)).await().atMost(WAIT)).isEqualTo(42);
    }

    @Test
    void aFailedInputFailsTheCallWithoutRunningTheTask() {
        pool = KnittingPool.builder().build();
        AtomicInteger runs = new AtomicInteger();
        TaskRef<CompletionStage<Integer>, Integer> task = pool.register("input", input -> runs.incrementAndGet());
        IllegalArgumentException failure = new IllegalArgumentException("bad input");

        assertThatThrownBy(() -> task.call(CompletableFuture.failedFuture(failure)).await().atMost(WAIT))
                .isSameAs(failure);
        assertThat(runs).hasValue(0);
        assertThat(pool.stats().submitted()).isZero();
    }

    @Test
    void anInputCompletionStageReachesTheBodyAlreadyCompleted() {
        pool = KnittingPool.builder().build();
        TaskRef<CompletionStage<String>, Boolean> done = pool.register("done",
                input -> input.toCompletableFuture().isDone());
        CompletableFuture<String> later = new CompletableFuture<>();

        CompletableFuture<Boolean> result = done.call(later).subscribeAsCompletionStage();
        later.complete("now");

        assertThat(result.join()).isTrue();
    }

    @Test
    void anAsyncResultIsAwaitedOnTheLane() {
        pool = KnittingPool.builder().threads(1).build();
        TaskRef<Integer, Integer> async = pool.registerAsync("async", TaskOptions.defaults(),
                n -> Uni.createFrom().item(n + 1).onItem().delayIt().by(Duration.ofMillis(20)));
        // register() takes any body; a CompletionStage it returns is awaited just the same
        TaskRef<Integer, Object> stage = pool.register("stage", TaskOptions.defaults(),
                n -> CompletableFuture.supplyAsync(() -> "stage-" + n));

        assertThat(async.call(41).await().atMost(WAIT)).isEqualTo(42);
        assertThat(stage.call(7).await().atMost(WAIT)).isEqualTo("stage-7");
    }

    @Test
    void aFailedAsyncResultReachesTheCallerUnwrapped() {
        pool = KnittingPool.builder().build();
        IllegalStateException failure = new IllegalStateException("async boom");
        TaskRef<Integer, Integer> async = pool.registerAsync("async-failure", TaskOptions.defaults(),
                n -> Uni.createFrom().failure(failure));

        assertThatThrownBy(() -> async.call(1).await().atMost(WAIT)).isSameAs(failure);
    }

    @Test
    void errorsFailTheCallAndTheLaneKeepsServing() {
        pool = KnittingPool.builder().threads(1).build();
        TaskRef<Integer, Integer> recurse = pool.register("recurse", DispatchTest::depth);
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);

        Throwable failure = recurse.call(Integer.MAX_VALUE).onItemOrFailure().transform((item, error) -> error)
                .await().atMost(WAIT);

        assertThat(failure).isInstanceOf(StackOverflowError.class);
        assertThat(plus.call(1).await().atMost(WAIT)).isEqualTo(2);
        assertThat(pool.stats().generation()).isZero();
    }

    @Test
    void taskIdsAreSixteenBitAndThe65537thRegistrationThrows() {
        pool = KnittingPool.builder().build();
        for (int i = 0; i < KnittingPool.MAX_TASKS; i++) {
            TaskRef<Integer, Integer> ref = pool.register("t" + i, n -> n);
            assertThat(ref.id()).isEqualTo(i);
        }
        assertThatThrownBy(() -> pool.register("one-too-many", n -> n))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536")
                .hasMessageContaining("one-too-many");
    }

    @Test
    void aTaskNameIsRegisteredOncePerPool() {
        pool = KnittingPool.builder().build();
        pool.register("same", n -> n);

        assertThatThrownBy(() -> pool.register("same", n -> n))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'same'");
    }

    @Test
    void theCallerExecutorReceivesTheResult() {
        pool = KnittingPool.builder().build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors
                .newSingleThreadExecutor(r -> new Thread(r, "caller-context"));
        try {
            String thread = plus.call(1, caller).map(n -> Thread.currentThread().getName()).await().atMost(WAIT);
            assertThat(thread).isEqualTo("caller-context");
        } finally {
            caller.shutdownNow();
        }
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }
}
