package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskRejectedException;
import io.smallrye.mutiny.subscription.Cancellable;

/** {@code max-queued}: calls accepted and not yet running, pool-wide, never exceed the bound. */
class MaxQueuedTest extends PoolTestBase {

    static final int MAX_QUEUED = 100;
    static final int CALLERS = 8;
    static final int CALLS_PER_CALLER = 50;

    /**
     * The lane is held by a running call; 8 threads released together offer 400 calls. Exactly 100 are accepted
     * (the bound counts waiting calls, not the running one), the other 300 fail at once with a QUEUE_FULL rejection
     * that names the pool, the task and the bound, and none of them runs. After release every accepted call runs once.
     */
    @Test
    void theBoundIsExactUnderRacingCallers() throws Exception {
        pool = KnittingPool.builder().name("bounded").threads(2).laneQueueCapacity(4).maxQueued(MAX_QUEUED).build();
        CountDownLatch bothRunning = new CountDownLatch(2);
        TaskRef<Integer, Integer> holder = pool.register("holder", n -> {
            bothRunning.countDown();
            release.await();
            return n;
        });
        ConcurrentLinkedQueue<Integer> ran = new ConcurrentLinkedQueue<>();
        TaskRef<Integer, Integer> record = pool.register("record", n -> {
            ran.add(n);
            return n;
        });
        List<CompletableFuture<Integer>> holders = List.of(holder.call(-1).subscribeAsCompletionStage(),
                holder.call(-2).subscribeAsCompletionStage());
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();

        ConcurrentLinkedQueue<CompletableFuture<Integer>> offered = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < CALLS_PER_CALLER; i++) {
                    offered.add(record.call(caller * 1_000 + i).subscribeAsCompletionStage());
                }
            });
            thread.start();
            callers.add(thread);
        }
        go.countDown();
        for (Thread thread : callers) {
            thread.join();
        }

        List<CompletableFuture<Integer>> rejected = offered.stream().filter(CompletableFuture::isDone).toList();
        assertThat(rejected).hasSize(CALLERS * CALLS_PER_CALLER - MAX_QUEUED);
        for (CompletableFuture<Integer> call : rejected) {
            assertThat(call).failsWithin(0, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(TaskRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(TaskRejectedException.Reason.QUEUE_FULL);
                        assertThat(e.code()).isEqualTo("KNT_REJECTED");
                        assertThat(e.getMessage()).contains("'bounded'", "record", "100", "max-queued");
                    });
        }
        assertThat(pool.stats().rejected()).isEqualTo(CALLERS * CALLS_PER_CALLER - MAX_QUEUED);
        assertThat(((Pool) pool).queued.count()).isEqualTo(MAX_QUEUED);

        release.countDown();
        for (CompletableFuture<Integer> call : holders) {
            call.get(10, TimeUnit.SECONDS);
        }
        List<Integer> answers = new ArrayList<>();
        for (CompletableFuture<Integer> call : offered) {
            if (!rejected.contains(call)) {
                answers.add(call.get(10, TimeUnit.SECONDS));
            }
        }
        assertThat(answers).hasSize(MAX_QUEUED).doesNotHaveDuplicates();
        assertThat(ran).containsExactlyInAnyOrderElementsOf(answers);
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
        PoolStats stats = pool.stats();
        assertThat(stats.submitted()).isEqualTo(2 + CALLERS * CALLS_PER_CALLER);
        assertThat(stats.completed()).isEqualTo(2 + MAX_QUEUED);
        assertThat(stats.completed() + stats.failed() + stats.cancelled() + stats.rejected())
                .isEqualTo(stats.submitted());
        assertThat(((Pool) pool).queued.count()).isZero();
    }

    /**
     * A thousand rejections in a row make one warning (the first, at once), not a thousand: the next report waits
     * 10 s and then carries the count of the calls rejected since.
     */
    @Test
    void rejectionsAreLoggedOncePerIntervalNotOncePerCall() throws Exception {
        pool = KnittingPool.builder().name("log-storm").threads(1).maxQueued(1).build();
        CountDownLatch running = new CountDownLatch(1);
        TaskRef<Integer, Integer> holder = pool.register("holder", n -> {
            running.countDown();
            release.await();
            return n;
        });
        holder.call(0).subscribe().with(n -> {
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        holder.call(1).subscribe().with(n -> {
        });
        for (int i = 0; i < 1_000; i++) {
            holder.call(i).subscribe().with(n -> {
            }, failure -> {
            });
        }
        assertThat(pool.stats().rejected()).isEqualTo(1_000);
        assertThat(((Pool) pool).log.rejectionReports()).isEqualTo(1);
    }

    /** A queued call that its caller cancels gives its place back; so does one that a lane starts. */
    @Test
    void cancelledAndStartedCallsGiveTheirPlaceBack() throws Exception {
        pool = KnittingPool.builder().name("places").threads(1).maxQueued(2).build();
        CountDownLatch running = new CountDownLatch(1);
        TaskRef<Integer, Integer> holder = pool.register("holder", n -> {
            running.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> echo = pool.register("echo", n -> n);
        CompletableFuture<Integer> held = holder.call(0).subscribeAsCompletionStage();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        Cancellable first = echo.call(1).subscribe().with(n -> {
        });
        CompletableFuture<Integer> second = echo.call(2).subscribeAsCompletionStage();
        CompletableFuture<Integer> overTheBound = echo.call(3).subscribeAsCompletionStage();
        assertThat(overTheBound).isCompletedExceptionally();

        first.cancel();
        CompletableFuture<Integer> third = echo.call(4).subscribeAsCompletionStage();
        assertThat(third).isNotDone();

        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(((Pool) pool).queued.count()).isZero();
        assertThat(echo.call(5).subscribeAsCompletionStage().get(10, TimeUnit.SECONDS)).isEqualTo(5);
    }

    /** A call made from a lane of the same pool runs in place and never waits in a queue: the bound never refuses it. */
    @Test
    void aNestedCallIsNotRefusedByAFullBound() throws Exception {
        pool = KnittingPool.builder().name("nested-bound").threads(1).maxQueued(1).build();
        TaskRef<Integer, Integer> inner = pool.register("inner", n -> n * 2);
        CountDownLatch outerRunning = new CountDownLatch(1);
        CountDownLatch queuedOne = new CountDownLatch(1);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            outerRunning.countDown();
            queuedOne.await(); // the bound is full while this body calls inner
            return inner.call(n).await().indefinitely();
        });
        CompletableFuture<Integer> outerCall = outer.call(21).subscribeAsCompletionStage();
        assertThat(outerRunning.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> waiting = inner.call(1).subscribeAsCompletionStage();
        assertThat(((Pool) pool).queued.count()).isEqualTo(1);
        queuedOne.countDown();

        assertThat(outerCall.get(10, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(pool.stats().rejected()).isZero();
    }
}
