package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * The {@code Uni} of {@code TaskRef.call} is the call itself until it is first subscribed; every subscription must
 * still be a call of its own, with the argument the {@code Uni} was made with, however the earlier ones ended.
 */
class OneUniManySubscriptionsTest extends PoolTestBase {

    private static final int THREADS = 8;
    private static final int SUBSCRIPTIONS_PER_THREAD = 1_000; // 8,000 in all: under the default max-queued

    @Test
    void aSubscriptionAfterOneCancelledWhileQueuedStillRunsWithTheArgument() throws Exception {
        pool = KnittingPool.builder().name("one-uni-cancelled").threads(1).build();
        CountDownLatch holding = new CountDownLatch(1);
        TaskRef<String, String> hold = pool.register("hold", ignored -> {
            holding.countDown();
            release.await();
            return "held";
        });
        TaskRef<String, String> echo = pool.register("echo", argument -> "got " + argument);
        hold.call("").subscribe().with(ignored -> {
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        Uni<String> call = echo.call("the argument");
        RecordingSubscriber<String> first = new RecordingSubscriber<>();
        call.subscribe().withSubscriber(first);
        first.cancel(); // settled while queued, where a copy would drop its argument
        release.countDown();

        assertThat(call.await().atMost(WAIT)).isEqualTo("got the argument");
        assertThat(first.answers).isEmpty();
    }

    /**
     * A subscriber is user code, and its {@code onSubscribe} runs inside the {@code Uni}'s subscribe, before dispatch:
     * one that throws makes no call (nothing runs, nothing is counted), and the {@code Uni} it claimed still serves.
     */
    @Test
    void aSubscriberThatThrowsOnSubscribeMakesNoCallAndTheUniServesOn() {
        pool = KnittingPool.builder().name("one-uni-throwing-subscriber").threads(1).build();
        AtomicInteger runs = new AtomicInteger();
        TaskRef<Integer, Integer> count = pool.register("count", argument -> {
            runs.incrementAndGet();
            return argument;
        });
        Uni<Integer> call = count.call(5);
        AtomicInteger heard = new AtomicInteger();
        UniSubscriber<Integer> throwing = new UniSubscriber<>() {
            @Override
            public void onSubscribe(UniSubscription subscription) {
                throw new IllegalStateException("subscriber bug");
            }

            @Override
            public void onItem(Integer item) {
                heard.incrementAndGet();
            }

            @Override
            public void onFailure(Throwable failure) {
                heard.incrementAndGet();
            }
        };

        Throwable thrown = catchThrowable(() -> call.subscribe().withSubscriber(throwing));

        assertThat(thrown).hasMessage("subscriber bug");
        assertThat(call.await().atMost(WAIT)).isEqualTo(5);
        assertThat(runs).hasValue(1);
        assertThat(heard).hasValue(0);
        assertThat(pool.stats().submitted()).isEqualTo(1);
    }

    /**
     * The watchdog's deadline queues drop settled calls lazily, so the call they hold must not be the {@code Uni},
     * which keeps its argument for later subscriptions: a large argument would outlive its answer by up to a timeout.
     */
    @Test
    void anAnsweredCallOfATaskWithATimeoutKeepsNoArgumentAlive() throws Exception {
        pool = KnittingPool.builder().name("one-uni-timeout").threads(2).build();
        CountDownLatch holding = new CountDownLatch(1);
        TaskRef<byte[], Integer> size = pool.register("size", TaskOptions.defaults().withTimeoutMs(60_000),
                argument -> {
                    if (argument.length == 0) { // the first call holds its lane and the head of the timeout queue
                        holding.countDown();
                        release.await();
                    }
                    return argument.length;
                });
        size.call(new byte[0]).subscribe().with(ignored -> {
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        WeakReference<byte[]> argument = callAndForget(size, new byte[1 << 20]); // on the other lane

        await().atMost(WAIT).until(() -> {
            System.gc();
            return argument.get() == null;
        });
    }

    private static WeakReference<byte[]> callAndForget(TaskRef<byte[], Integer> task, byte[] argument) {
        assertThat(task.call(argument).await().atMost(WAIT)).isEqualTo(argument.length);
        return new WeakReference<>(argument);
    }

    /** The signal a body reads is not its call, which is a {@code Uni}: a task given it must not subscribe it. */
    @Test
    void anAbortSignalGivenToAnotherTaskIsAnArgumentNotACallToMakeAgain() {
        pool = KnittingPool.builder().name("one-uni-signal").threads(2).build();
        AtomicInteger outerRuns = new AtomicInteger();
        TaskRef<AbortSignal, Boolean> look = pool.register("look", AbortSignal::hasAborted);
        TaskRef<String, Boolean> outer = pool.register("outer", TaskOptions.defaults().withAbortable(true),
                ignored -> {
                    if (outerRuns.incrementAndGet() > 1) {
                        throw new IllegalStateException("the outer call ran again");
                    }
                    return look.call(AbortSignal.current()).await().atMost(WAIT);
                });

        assertThat(outer.call("").await().atMost(WAIT)).isFalse();
        assertThat(outerRuns).hasValue(1);
    }

    @Test
    void manyThreadsSubscribingOneUniMakeOneCallEachAnsweredOnce() throws Exception {
        pool = KnittingPool.builder().name("one-uni-many").threads(2).build();
        AtomicInteger runs = new AtomicInteger();
        TaskRef<Integer, Integer> count = pool.register("count", argument -> {
            runs.incrementAndGet();
            return argument;
        });
        Uni<Integer> shared = count.call(7);
        List<RecordingSubscriber<Integer>> kept = new ArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<RecordingSubscriber<Integer>>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(callers.submit(() -> {
                    List<RecordingSubscriber<Integer>> mine = new ArrayList<>();
                    for (int i = 0; i < SUBSCRIPTIONS_PER_THREAD; i++) {
                        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
                        shared.subscribe().withSubscriber(subscriber);
                        if (i % 10 == 0) {
                            subscriber.cancel();
                            cancelled.incrementAndGet();
                        } else {
                            mine.add(subscriber);
                        }
                    }
                    return mine;
                }));
            }
            for (Future<List<RecordingSubscriber<Integer>>> result : results) {
                kept.addAll(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }

        int subscriptions = THREADS * SUBSCRIPTIONS_PER_THREAD;
        await().atMost(WAIT).until(() -> kept.stream().allMatch(subscriber -> !subscriber.answers.isEmpty()));
        assertThat(kept).allSatisfy(subscriber -> assertThat(subscriber.answers).containsExactly(7));
        await().atMost(WAIT).until(() -> pool.stats().completed() + pool.stats().cancelled() == subscriptions);
        assertThat(pool.stats().submitted()).isEqualTo(subscriptions);
        assertThat(pool.stats().rejected()).isZero();
        // a cancel that lands while the body runs counts the call as cancelled although its body ran
        PoolStats stats = pool.stats();
        assertThat((long) runs.get()).isBetween(stats.completed(), stats.completed() + stats.cancelled());
        assertThat(pool.stats().cancelled()).isLessThanOrEqualTo(cancelled.get());
        assertThat(pool.stats().completed()).isGreaterThanOrEqualTo(kept.size());
    }
}
