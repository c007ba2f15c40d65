package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.subscription.Cancellable;

/** An abort slot belongs to a call in flight: it is free again as soon as the call is answered or cancelled. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AbortSlotTest extends PoolTestBase {

    private static final TaskOptions ABORTABLE = TaskOptions.defaults().withAbortable(true);
    private static final int CHAIN = 1_000;

    @Test
    void aHardTimedOutRunawayGivesBackItsSlotWhileItsThreadStillSpins() {
        pool = KnittingPool.builder().name("slot-runaway").threads(1).abortSignalCapacity(1).hardTimeoutMs(100)
                .build();
        TaskRef<Integer, Integer> runaway = pool.register("runaway", ABORTABLE, n -> {
            spinUntilReleased();
            return n;
        });
        TaskRef<Integer, Integer> plus = pool.register("plus", ABORTABLE, n -> n + 1);

        assertThatThrownBy(() -> runaway.call(1).await().atMost(WAIT)).isInstanceOf(HardTimeoutException.class);
        assertThat(pool.stats().abandonedThreads()).isEqualTo(1);

        assertThat(plus.call(1).await().atMost(WAIT)).isEqualTo(2);
    }

    @Test
    void aQueuedCallCancelledByItsCallerGivesBackItsSlotAtOnce() throws Exception {
        pool = KnittingPool.builder().name("slot-cancel").threads(1).abortSignalCapacity(1).build();
        CountDownLatch started = new CountDownLatch(1);
        TaskRef<Integer, Integer> blocker = pool.register("blocker", n -> {
            started.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> plus = pool.register("plus", ABORTABLE, n -> n + 1);
        CompletableFuture<Integer> blocked = blocker.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Cancellable queued = plus.call(1).subscribe().with(n -> {
        });

        queued.cancel();
        CompletableFuture<Integer> next = plus.call(2).subscribeAsCompletionStage();
        release.countDown();

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void eachCallMadeFromThePreviousAnswerFindsTheSlotFree() throws Exception {
        pool = KnittingPool.builder().name("slot-chain").threads(1).abortSignalCapacity(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", ABORTABLE, n -> n + 1);

        CallChain.run(plus, CHAIN); // the slot of each call is free when its answer makes the next call
    }
}
