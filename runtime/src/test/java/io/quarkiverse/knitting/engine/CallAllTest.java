package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskTimeoutException;
import io.smallrye.mutiny.Uni;

/** {@code callAll}: one share per lane, results in order, each argument run at most once. */
class CallAllTest extends PoolTestBase {

    @Test
    void resultsComeInTheOrderOfTheArgumentsAndEachRunsOnce() {
        pool = KnittingPool.builder().name("all").threads(2).build();
        int n = 10_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        TaskRef<Integer, Integer> square = pool.register("square", i -> {
            runs.incrementAndGet(i);
            return i * i;
        });
        List<Integer> arguments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arguments.add(i);
        }
        Uni<List<Integer>> batch = square.callAll(arguments);
        arguments.clear(); // the batch copied them

        List<Integer> results = batch.await().atMost(WAIT);
        assertThat(results).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(results.get(i)).isEqualTo(i * i);
            assertThat(runs.get(i)).as("runs of argument %d", i).isEqualTo(1);
        }
        // one share per lane: two calls of the shares task, none of the task itself
        assertThat(pool.stats().submitted()).isEqualTo(2);
        assertThat(pool.stats().completed()).isEqualTo(2);
        assertThat(((Pool) pool).taskNames()).containsExactly("square", "square [callAll]");
    }

    /**
     * A batch's share can run on the inline lane, and so on a worker thread of another pool whose body made the batch.
     * That thread's running call is not the share's: the share used to take it for its own, find it settled (its soft
     * timeout had passed) and leave every slot empty, a batch of nulls reported as a success.
     */
    /** A share run inline stops before its next argument once its call is settled (here: timed out), as one on a lane does. */
    @Test
    void anInlineShareStopsOnceItsCallIsSettled() throws Exception {
        pool = KnittingPool.builder().name("all-inline-settled").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        CountDownLatch firstStarted = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        TaskRef<Integer, Integer> slowFirst = pool.register("slow-first", TaskOptions.defaults().withTimeoutMs(50), n -> {
            ran.incrementAndGet();
            if (n == 0) {
                firstStarted.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return n;
        });
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> slowFirst.callAll(List.of(0, 1, 2, 3, 4)).subscribe()
                .with(results -> outcome.complete(null), outcome::complete)); // the share runs inline, right here
        caller.start();
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).as("the share timed out").isInstanceOf(TaskTimeoutException.class);

        release.countDown();
        caller.join(10_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(ran).as("arguments run").hasValue(1);
    }

    @Test
    void anInlineShareOnAnotherPoolsWorkerRunsEveryArgument() throws Exception {
        pool = KnittingPool.builder().name("all-inline").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        AtomicInteger ran = new AtomicInteger();
        TaskRef<Integer, Integer> times10 = pool.register("times10", n -> {
            ran.incrementAndGet();
            return n * 10;
        });
        KnittingPool other = KnittingPool.builder().name("all-inline-other").threads(1).build();
        try {
            CompletableFuture<List<Integer>> seenByBody = new CompletableFuture<>();
            TaskRef<Integer, Integer> outer = other.register("outer", TaskOptions.defaults().withTimeoutMs(20), n -> {
                Thread.sleep(200); // its call times out meanwhile; the body goes on
                try {
                    seenByBody.complete(times10.callAll(List.of(1, 2, 3)).await().atMost(WAIT));
                } catch (Throwable failure) {
                    seenByBody.completeExceptionally(failure);
                }
                return n;
            });
            outer.call(1).subscribe().with(n -> {
            }, timedOut -> {
            });

            assertThat(seenByBody.get(10, TimeUnit.SECONDS)).containsExactly(10, 20, 30);
            assertThat(ran).hasValue(3);
        } finally {
            other.close();
        }
    }

    @Test
    void anEmptyBatchCompletesAtOnceWithoutACall() {
        pool = KnittingPool.builder().name("all-empty").threads(2).build();
        TaskRef<Integer, Integer> task = pool.register("id", i -> i);
        assertThat(task.callAll(List.of()).await().atMost(WAIT)).isEmpty();
        assertThat(pool.stats().submitted()).isZero();
    }

    @Test
    void theFirstFailureFailsTheBatchAndTheRestOfItsShareDoesNotRun() {
        pool = KnittingPool.builder().name("all-fails").threads(1).build();
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        TaskRef<Integer, Integer> task = pool.register("picky", i -> {
            runs.incrementAndGet(i);
            if (i == 3) {
                throw new IllegalArgumentException("no 3");
            }
            return i;
        });
        Throwable failure = task.callAll(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)).onItemOrFailure()
                .transform((item, error) -> error).await().atMost(WAIT);
        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("no 3");
        for (int i = 0; i < 10; i++) {
            assertThat(runs.get(i)).as("runs of argument %d", i).isEqualTo(i <= 3 ? 1 : 0);
        }
    }

    @Test
    void anAsyncTaskFillsItsSlotsWhenItsOutputsComplete() {
        pool = KnittingPool.builder().name("all-async").threads(2).build();
        TaskRef<Integer, String> task = pool.registerAsync("later", TaskOptions.defaults(),
                i -> Uni.createFrom().item("v" + i).onItem().delayIt().by(java.time.Duration.ofMillis(1 + i % 3)));
        assertThat(task.callAll(List.of(0, 1, 2, 3, 4, 5)).await().atMost(WAIT))
                .containsExactly("v0", "v1", "v2", "v3", "v4", "v5");
    }

    /** The output of an async argument fails: the batch fails with that failure, and the pool goes on. */
    @Test
    void aFailingAsyncOutputFailsTheBatch() {
        pool = KnittingPool.builder().name("all-async-fails").threads(2).build();
        TaskRef<Integer, String> task = pool.registerAsync("later", TaskOptions.defaults(),
                i -> i == 4 ? Uni.createFrom().failure(new IllegalStateException("no 4")) : Uni.createFrom().item("v" + i));
        Throwable failure = task.callAll(List.of(0, 1, 2, 3, 4, 5)).onItemOrFailure()
                .transform((item, error) -> error).await().atMost(WAIT);
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("no 4");
        assertThat(task.callAll(List.of(7)).await().atMost(WAIT)).containsExactly("v7");
    }

    @Test
    void cancellingTheBatchRunsNothingTwiceAndAnswersNothing() throws Exception {
        pool = KnittingPool.builder().name("all-cancel").threads(2).build();
        int n = 200;
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        CountDownLatch started = new CountDownLatch(1);
        TaskRef<Integer, Integer> task = pool.register("slow", i -> {
            runs.incrementAndGet(i);
            started.countDown();
            Thread.sleep(1);
            return i;
        });
        List<Integer> arguments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arguments.add(i);
        }
        RecordingSubscriber<List<Integer>> batch = new RecordingSubscriber<>();
        task.callAll(arguments).subscribe().withSubscriber(batch);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        batch.cancel();
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
        for (int i = 0; i < n; i++) {
            assertThat(runs.get(i)).as("runs of argument %d", i).isLessThanOrEqualTo(1);
        }
        assertThat(batch.answers).isEmpty();
        assertThat(pool.stats().cancelled()).isEqualTo(2);
        int ran = 0;
        for (int i = 0; i < n; i++) {
            ran += runs.get(i);
        }
        assertThat(ran).as("arguments run after the cancel stop at the next one").isLessThan(n);
    }

    /** The hard timeout bounds each argument of a share, not the share: 20 x 30 ms under a 100 ms hard timeout. */
    @Test
    void theHardTimeoutWatchesEachArgumentNotTheWholeShare() {
        pool = KnittingPool.builder().name("all-hard").threads(1).hardTimeoutMs(100).build();
        TaskRef<Integer, Integer> task = pool.register("steady", i -> {
            Thread.sleep(30);
            return i;
        });
        List<Integer> arguments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            arguments.add(i);
        }
        assertThat(task.callAll(arguments).await().atMost(WAIT)).isEqualTo(arguments);
        assertThat(pool.stats().generation()).isZero();
    }

    @Test
    void eachSubscriptionIsABatchOfItsOwnAndANullListFailsTheUni() {
        pool = KnittingPool.builder().name("all-twice").threads(2).build();
        TaskRef<Integer, Integer> task = pool.register("double", i -> 2 * i);
        Uni<List<Integer>> batch = task.callAll(List.of(1, 2, 3));
        List<Integer> first = batch.await().atMost(WAIT);
        List<Integer> second = batch.await().atMost(WAIT);
        assertThat(first).containsExactly(2, 4, 6).isEqualTo(second).isNotSameAs(second);
        assertThat(task.callAll(null).onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * {@code callAll} takes values. A {@code Uni} or {@code CompletionStage} among them used to reach the body as it
     * was, where {@code call} resolves one first: the batch now fails, naming the argument, and runs nothing.
     */
    @Test
    void anAsyncArgumentFailsTheBatchWithAClearErrorAndNothingRuns() {
        pool = KnittingPool.builder().name("all-async").threads(2).build();
        AtomicInteger runs = new AtomicInteger();
        TaskRef<Object, Object> echo = pool.register("echo", argument -> {
            runs.incrementAndGet();
            return argument;
        });
        List<Object> arguments = List.of(1, CompletableFuture.completedFuture(2), 3);

        Throwable failure = echo.callAll(arguments).onItemOrFailure().transform((item, error) -> error)
                .await().atMost(WAIT);

        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 1 is a java.util.concurrent.CompletableFuture");
        assertThat(runs).hasValue(0);
        assertThat(pool.stats().submitted()).isZero();
    }

    /** A list that throws while it is copied (modified meanwhile, say) fails the batch's {@code Uni}, not the call. */
    @Test
    void aListThatThrowsWhenCopiedFailsTheUni() {
        pool = KnittingPool.builder().name("all-list").threads(1).build();
        TaskRef<Integer, Integer> task = pool.register("double", i -> 2 * i);
        List<Integer> broken = new java.util.AbstractList<>() {
            @Override
            public Integer get(int index) {
                return index;
            }

            @Override
            public int size() {
                return 2;
            }

            @Override
            public Object[] toArray() {
                throw new java.util.ConcurrentModificationException("changed while copied");
            }
        };

        Uni<List<Integer>> batch = task.callAll(broken);

        assertThat(batch.onItemOrFailure().transform((item, error) -> error).await().atMost(WAIT))
                .isInstanceOf(java.util.ConcurrentModificationException.class).hasMessage("changed while copied");
    }
}
