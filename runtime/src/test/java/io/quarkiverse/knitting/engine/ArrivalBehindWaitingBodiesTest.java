package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * A body waiting for a call of its own pool whose argument arrives on another thread (a REST client's Uni, say). The
 * same call with an argument at hand runs in place and cannot deadlock. With an arriving argument it used to be
 * queued on "another lane", which might hold a body waiting the same way, or be the only lane: each waiting body sat
 * on the lane its call was queued on, and without a hard timeout the callers were never answered (found by an
 * adversarial review on 2026-12-02). Such a call now goes to an idle lane, else to a stand-in thread, which runs it as
 * the waiting body would have run it in place; what the stand-in's body calls runs in place there too.
 */
class ArrivalBehindWaitingBodiesTest extends PoolTestBase {

    @Test
    void twoBodiesWaitingForArrivingCallsOnTwoLanes() throws Exception {
        pool = KnittingPool.builder().name("arrival-cross").threads(2).build();
        assertNotDeadlocked(2);
    }

    @Test
    void oneBodyWaitingForAnArrivingCallOnTheOnlyLane() throws Exception {
        pool = KnittingPool.builder().name("arrival-single").threads(1).build();
        assertNotDeadlocked(1);
    }

    private void assertNotDeadlocked(int bodies) throws Exception {
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        CompletableFuture<Integer> argument = new CompletableFuture<>(); // completed by a thread of no pool
        CountDownLatch waiting = new CountDownLatch(bodies);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> inner = plus.callWith(Uni.createFrom().completionStage(argument), null)
                    .subscribeAsCompletionStage();
            waiting.countDown();
            return inner.get(8, TimeUnit.SECONDS); // `.await().indefinitely()`, bounded so that the pool can close
        });
        CompletableFuture<?>[] outers = new CompletableFuture<?>[bodies];
        for (int i = 0; i < bodies; i++) {
            outers[i] = outer.call(i).subscribeAsCompletionStage();
        }
        assertThat(waiting.await(5, TimeUnit.SECONDS)).as("every outer body started").isTrue();
        new Thread(() -> argument.complete(41), "event-loop-like").start();
        for (CompletableFuture<?> o : outers) {
            assertThat(o.get(5, TimeUnit.SECONDS)).isEqualTo(42);
        }
    }

    /**
     * The stand-in's body waits for a call it makes directly. On the only lane, the body that made the stand-in's call
     * waits too: queued there, that call would wait behind it for ever. It runs in place, on the stand-in's thread.
     */
    @Test
    void aCallTheStandInsBodyMakesRunsInPlaceThere() throws Exception {
        pool = KnittingPool.builder().name("standin-nested").threads(1).build();
        AtomicReference<String> plusRanOn = new AtomicReference<>();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> {
            plusRanOn.set(Thread.currentThread().getName());
            return n + 1;
        });
        TaskRef<Integer, Integer> middle = pool.register("middle", n -> plus.call(n).await().atMost(WAIT) * 10);
        CompletableFuture<Integer> argument = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(1);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> inner = middle.callWith(Uni.createFrom().completionStage(argument), null)
                    .subscribeAsCompletionStage();
            waiting.countDown();
            return inner.get(8, TimeUnit.SECONDS);
        });

        CompletableFuture<Integer> answer = outer.call(0).subscribeAsCompletionStage();
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        new Thread(() -> argument.complete(4), "event-loop-like").start();

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(50);
        assertThat(plusRanOn.get()).startsWith("knitting-standin-nested-standin-");
    }

    /**
     * The stand-in's body makes a call whose argument arrives later too, and waits for it: that call gets a stand-in of
     * its own rather than a lane's queue, where the first waiting body sits.
     */
    @Test
    void aStandInsBodyWaitingForAnArrivingCallOfItsOwnIsAnswered() throws Exception {
        pool = KnittingPool.builder().name("standin-arriving").threads(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        CompletableFuture<Integer> second = new CompletableFuture<>();
        CountDownLatch middleWaits = new CountDownLatch(1);
        TaskRef<Integer, Integer> middle = pool.register("middle", n -> {
            CompletableFuture<Integer> inner = plus.callWith(Uni.createFrom().completionStage(second), null)
                    .subscribeAsCompletionStage();
            middleWaits.countDown();
            return inner.get(8, TimeUnit.SECONDS) * n;
        });
        CompletableFuture<Integer> first = new CompletableFuture<>();
        CountDownLatch outerWaits = new CountDownLatch(1);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> inner = middle.callWith(Uni.createFrom().completionStage(first), null)
                    .subscribeAsCompletionStage();
            outerWaits.countDown();
            return inner.get(8, TimeUnit.SECONDS);
        });

        CompletableFuture<Integer> answer = outer.call(0).subscribeAsCompletionStage();
        assertThat(outerWaits.await(5, TimeUnit.SECONDS)).isTrue();
        first.complete(3);
        assertThat(middleWaits.await(5, TimeUnit.SECONDS)).isTrue();
        second.complete(6);

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(21);
    }

    /**
     * A shutdown waits for the calls stand-ins run, as it waits for running bodies: a graceful one answers them, and
     * the pool's termination comes after; no stand-in thread is left (checked after each test).
     */
    @Test
    void aShutdownWaitsForTheCallsStandInsRun() throws Exception {
        pool = KnittingPool.builder().name("standin-shutdown").threads(1).resolveAfterFinishingAll(true).build();
        CountDownLatch standInRuns = new CountDownLatch(1);
        TaskRef<Integer, Integer> slow = pool.register("slow", n -> {
            standInRuns.countDown();
            release.await();
            return n + 1;
        });
        CompletableFuture<Integer> argument = new CompletableFuture<>();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> inner = slow.callWith(Uni.createFrom().completionStage(argument), null)
                    .subscribeAsCompletionStage();
            argument.completeAsync(() -> 1);
            return inner.get(8, TimeUnit.SECONDS);
        });

        CompletableFuture<Integer> answer = outer.call(0).subscribeAsCompletionStage();
        assertThat(standInRuns.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200)).atMost(WAIT)
                .until(() -> !stopped.isDone());
        release.countDown();

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(pool.stats().inFlight()).isZero();
    }

    /** A stand-in's body that closes the pool does not wait for itself to end. */
    @Test
    void aStandInsBodyMayClose() throws Exception {
        pool = KnittingPool.builder().name("standin-close").threads(1).build();
        TaskRef<Integer, Integer> closes = pool.register("closes", n -> {
            pool.close();
            return n;
        });
        CompletableFuture<Integer> argument = new CompletableFuture<>();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> inner = closes.callWith(Uni.createFrom().completionStage(argument), null)
                    .subscribeAsCompletionStage();
            argument.completeAsync(() -> 5);
            return inner.get(8, TimeUnit.SECONDS);
        });

        assertThat(outer.call(0).await().atMost(WAIT)).isEqualTo(5);
        assertThat(((Pool) pool).awaitTermination(WAIT)).isTrue();
    }

    /**
     * The caller's continuation runs on the stand-in once the body has ended (the caller gave no executor): it is not
     * the body. A slow one used to be taken for a runaway body past the hard timeout: the stand-in was abandoned and
     * interrupted in the middle of the continuation, for a call that had completed.
     */
    @Test
    void aSlowContinuationOnAStandInIsNotARunawayBody() throws Exception {
        pool = KnittingPool.builder().name("standin-continuation").threads(1).hardTimeoutMs(200).build();
        CountDownLatch innerRan = new CountDownLatch(1);
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> {
            innerRan.countDown();
            return n + 1;
        });
        CompletableFuture<String> continuation = new CompletableFuture<>();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            plus.callWith(Uni.createFrom().completionStage(argument), null).subscribe().with(item -> {
                try {
                    Thread.sleep(600); // past the hard timeout, after the body
                    continuation.complete(item + " on " + Thread.currentThread().getName());
                } catch (InterruptedException interrupted) {
                    continuation.complete("interrupted");
                }
            });
            new Thread(() -> argument.complete(n), "event-loop-like").start();
            assertThat(innerRan.await(5, TimeUnit.SECONDS)).isTrue();
            return n;
        });

        assertThat(outer.call(1).await().atMost(WAIT)).isEqualTo(1);
        assertThat(continuation.get(10, TimeUnit.SECONDS)).startsWith("2 on knitting-standin-continuation-standin-");
        assertThat(pool.stats().generation()).as("threads abandoned by the hard timeout").isZero();
    }

    /**
     * A stand-in can be the last of the pool's threads to end: the end of the shutdown is then handed to an answer
     * thread, as on a lane, and the {@code shutdown()} subscribers do not run on the stand-in (a {@code close()}
     * waiting elsewhere would wait for their code).
     */
    @Test
    void theEndOfAShutdownThatAStandInCompletesIsNotRunOnIt() throws Exception {
        pool = KnittingPool.builder().name("standin-last").threads(1).stuckWarnMs(0).resolveAfterFinishingAll(true)
                .build();
        CountDownLatch innerRuns = new CountDownLatch(1);
        TaskRef<Integer, Integer> slow = pool.register("slow", n -> {
            innerRuns.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            slow.callWith(Uni.createFrom().completionStage(argument), null).subscribe().with(item -> {
            });
            new Thread(() -> argument.complete(n), "event-loop-like").start();
            assertThat(innerRuns.await(5, TimeUnit.SECONDS)).isTrue();
            return n;
        });
        assertThat(outer.call(1).await().atMost(WAIT)).isEqualTo(1);

        CompletableFuture<String> endedOn = new CompletableFuture<>();
        pool.shutdown().subscribe().with(done -> endedOn.complete(Thread.currentThread().getName()));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Threads.liveKnittingThreads("standin-last")
                .stream().allMatch(name -> name.contains("-standin-")));
        release.countDown(); // the stand-in is the last counted thread: it ends the pool

        assertThat(endedOn.get(10, TimeUnit.SECONDS)).startsWith("knitting-standin-last-answer-");
    }
}
