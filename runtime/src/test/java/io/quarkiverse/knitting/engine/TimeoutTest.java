package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskTimeoutException;

class TimeoutTest extends PoolTestBase {

    @Test
    void aCallPastItsSoftTimeoutFailsWithTaskTimeoutException() {
        pool = KnittingPool.builder().build();
        TaskRef<Integer, Integer> slow = pool.register("slow", TaskOptions.defaults().withTimeoutMs(50), n -> {
            release.await();
            return n;
        });

        assertThatThrownBy(() -> slow.call(1).await().atMost(WAIT))
                .isInstanceOf(TaskTimeoutException.class)
                .isNotInstanceOf(CancelDeadlineException.class)
                .hasMessageContaining("'slow'")
                .hasMessageContaining("50 ms")
                .satisfies(e -> assertThat(((TaskTimeoutException) e).code()).isEqualTo("KNT_TIMEOUT"));
        assertThat(pool.stats().failed()).isEqualTo(1);
    }

    @Test
    void onTimeoutNullCompletesWithNull() {
        pool = KnittingPool.builder().build();
        TaskRef<Integer, Integer> maybe = pool.register("maybe",
                TaskOptions.defaults().withTimeoutMs(50).withOnTimeout(OnTimeout.NULL), n -> {
                    release.await();
                    return n;
                });

        assertThat(maybe.call(1).await().atMost(WAIT)).isNull();
        assertThat(pool.stats().completed()).isEqualTo(1);
    }

    @Test
    void theTimeoutIsMeasuredFromTheCallSoAQueuedCallTimesOutAndNeverRuns() throws Exception {
        pool = KnittingPool.builder().threads(1).build();
        CountDownLatch started = new CountDownLatch(1);
        TaskRef<Integer, Integer> blocker = pool.register("blocker", n -> {
            started.countDown();
            release.await();
            return n;
        });
        AtomicInteger runs = new AtomicInteger();
        TaskRef<Integer, Integer> quick = pool.register("quick", TaskOptions.defaults().withTimeoutMs(50),
                n -> runs.incrementAndGet());

        var blocked = blocker.call(0).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> quick.call(1).await().atMost(WAIT)).isInstanceOf(TaskTimeoutException.class);
        release.countDown();
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isZero();
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
        assertThat(runs).hasValue(0);
    }

    @Test
    void aTimedOutAbortableCallSeesItsSignalAborted() {
        pool = KnittingPool.builder().build();
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> spin = pool.register("spin",
                TaskOptions.defaults().withTimeoutMs(30).withAbortable(true), n -> {
                    AbortSignal signal = AbortSignal.current();
                    while (!signal.hasAborted()) {
                        Thread.onSpinWait();
                    }
                    sawAbort.set(true);
                    return n;
                });

        assertThatThrownBy(() -> spin.call(1).await().atMost(WAIT)).isInstanceOf(TaskTimeoutException.class);
        await().atMost(WAIT).untilTrue(sawAbort);
    }

    @Test
    void callsWithinTheirTimeoutComplete() {
        pool = KnittingPool.builder().build();
        TaskRef<Integer, Integer> quick = pool.register("quick", TaskOptions.defaults().withTimeoutMs(5_000),
                n -> n * 2);

        for (int i = 0; i < 1_000; i++) {
            assertThat(quick.call(i).await().atMost(WAIT)).isEqualTo(i * 2);
        }
        assertThat(pool.stats().failed()).isZero();
    }

    @Test
    void aCancelDeadlineAbortsTheCallAndAnswersItsSubscriberOnce() {
        pool = KnittingPool.builder().build();
        AtomicBoolean sawAbort = new AtomicBoolean();
        TaskRef<Integer, Integer> spin = pool.register("spin",
                TaskOptions.defaults().withAbortable(true).withCancelAfterMs(30), n -> {
                    while (!AbortSignal.current().hasAborted()) {
                        Thread.onSpinWait();
                    }
                    sawAbort.set(true);
                    return n;
                });
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();

        spin.call(1).subscribe().withSubscriber(subscriber);

        await().atMost(WAIT).untilTrue(sawAbort);
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
        assertThat(subscriber.answers).singleElement().isInstanceOf(CancelDeadlineException.class)
                .satisfies(answer -> assertThat(((CancelDeadlineException) answer).task()).isSameAs(spin))
                .extracting(answer -> ((Throwable) answer).getMessage()).asString()
                .contains("'spin'").contains("cancelled after 30 ms");
        assertThat(pool.stats().failed()).isEqualTo(1);
        assertThat(pool.stats().cancelled()).isZero();
    }
}
