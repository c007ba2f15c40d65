package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.subscription.Cancellable;

class AbortTest extends PoolTestBase {

    private static final TaskOptions ABORTABLE = TaskOptions.defaults().withAbortable(true);

    @Test
    void cancellingTheSubscriptionAbortsTheRunningCall() throws Exception {
        pool = KnittingPool.builder().build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> loop = pool.register("loop", ABORTABLE, n -> {
            started.countDown();
            AbortSignal signal = AbortSignal.current();
            while (!signal.hasAborted()) {
                Thread.onSpinWait();
            }
            sawAbort.set(true);
            return n;
        });

        Cancellable subscription = loop.call(1).subscribe().with(n -> {
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        subscription.cancel();

        await().atMost(WAIT).untilTrue(sawAbort);
        await().atMost(WAIT).until(() -> pool.stats().cancelled() == 1);
        assertThat(pool.stats().inFlight()).isZero();
    }

    @Test
    void aCallCancelledWhileQueuedNeverRuns() throws Exception {
        pool = KnittingPool.builder().threads(1).build();
        CountDownLatch started = new CountDownLatch(1);
        TaskRef<Integer, Integer> blocker = pool.register("blocker", n -> {
            started.countDown();
            release.await();
            return n;
        });
        AtomicInteger runs = new AtomicInteger();
        TaskRef<Integer, Integer> counted = pool.register("counted", n -> runs.incrementAndGet());

        CompletableFuture<Integer> blocked = blocker.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> queued = counted.call(1).subscribeAsCompletionStage();
        queued.cancel(true);
        release.countDown();
        blocked.get(10, TimeUnit.SECONDS);

        assertThat(counted.call(2).await().atMost(WAIT)).isEqualTo(1); // only this one ran
        assertThat(runs).hasValue(1);
        assertThat(pool.stats().cancelled()).isEqualTo(1);
    }

    @Test
    void abortableCallsBeyondTheCapacityFail() throws Exception {
        pool = KnittingPool.builder().threads(1).abortSignalCapacity(2).build();
        TaskRef<Integer, Integer> hold = pool.register("hold", ABORTABLE, n -> {
            release.await();
            return n;
        });

        List<CompletableFuture<Integer>> held = new ArrayList<>();
        held.add(hold.call(1).subscribeAsCompletionStage());
        held.add(hold.call(2).subscribeAsCompletionStage());
        assertThatThrownBy(() -> hold.call(3).await().atMost(WAIT))
                .isInstanceOf(AbortCapacityExceededException.class)
                .hasMessageContaining("All 2 abort slots")
                .hasMessageContaining("abort-signal-capacity");
        assertThat(pool.stats().rejected()).isEqualTo(1);

        release.countDown();
        for (CompletableFuture<Integer> call : held) {
            call.get(10, TimeUnit.SECONDS);
        }
        assertThat(hold.call(4).await().atMost(WAIT)).isEqualTo(4); // slots are free again
    }

    @Test
    void callsThatAreNotAbortableHoldNoSlot() throws Exception {
        pool = KnittingPool.builder().threads(1).abortSignalCapacity(1).build();
        TaskRef<Integer, Integer> hold = pool.register("hold", n -> {
            release.await();
            return n;
        });

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(hold.call(i).subscribeAsCompletionStage());
        }
        release.countDown();
        for (CompletableFuture<Integer> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        assertThat(pool.stats().rejected()).isZero();
    }

    @Test
    void outsideAnAbortableCallTheSignalNeverAborts() {
        pool = KnittingPool.builder().build();
        TaskRef<Integer, AbortSignal> signal = pool.register("signal", n -> AbortSignal.current());

        assertThat(signal.call(1).await().atMost(WAIT)).isSameAs(AbortSignals.NEVER);
        assertThat(AbortSignal.current().hasAborted()).isFalse();
    }

    @Test
    void nowIsMonotonicMilliseconds() throws Exception {
        AbortSignal signal = AbortSignal.current();
        double before = signal.now();
        Thread.sleep(20);
        double after = signal.now();

        assertThat(after - before).isGreaterThanOrEqualTo(19.0).isLessThan(60_000.0);
    }
}
