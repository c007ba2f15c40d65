package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class AdversarialCallBackTest {

    private static final Duration BOUND = Duration.ofSeconds(8);

    private final List<KnittingPool> pools = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private KnittingPool pool(KnittingPool.Builder builder) {
        KnittingPool pool = builder.build();
        pools.add(pool);
        return pool;
    }

    private KnittingPool pool(String name, int threads) {
        return pool(KnittingPool.builder().name(name).threads(threads));
    }

    @AfterEach
    void closePools() {
        release.countDown();
        List<String> left = new ArrayList<>();
        for (KnittingPool pool : pools) {
            pool.close();
        }
        for (KnittingPool pool : pools) {
            left.addAll(Threads.liveKnittingThreads(pool.name()));
        }
        assertThat(left).as("knitting threads left after close").isEmpty();
    }

    private static void awaitQuiet(KnittingPool pool) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        PoolStats s = pool.stats();
        while (System.nanoTime() < until) {
            s = pool.stats();
            if (s.inFlight() == 0 && s.submitted() == s.completed() + s.failed() + s.cancelled() + s.rejected()) {
                return;
            }
            Thread.sleep(5);
        }
        assertThat(s.inFlight()).as(pool.name() + " inFlight " + s).isZero();
        assertThat(s.submitted()).as(pool.name() + " counts " + s)
                .isEqualTo(s.completed() + s.failed() + s.cancelled() + s.rejected());
    }

    /** Calls answered: each index counts items + failures; must never exceed 1. */
    /** Subscribes {@code call}, counting its answers in slot 0 of {@code answers}; returns where the answer lands. */
    private static AtomicReference<Object> answerOf(Uni<Integer> call, Answers answers) {
        AtomicReference<Object> got = new AtomicReference<>();
        call.subscribe().with(v -> {
            got.set(v);
            answers.answered(0);
        }, f -> {
            got.set(f);
            answers.answered(0);
        });
        return got;
    }

    private static final class Answers {
        final AtomicIntegerArray count;
        final AtomicInteger twice = new AtomicInteger();

        Answers(int n) {
            count = new AtomicIntegerArray(n);
        }

        void answered(int i) {
            if (count.incrementAndGet(i) > 1) {
                twice.incrementAndGet();
            }
        }

        void awaitAll(int n, boolean[] mustAnswer) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (int i = 0; i < n; i++) {
                while (mustAnswer[i] && count.get(i) == 0 && System.nanoTime() < until) {
                    Thread.sleep(2);
                }
                if (mustAnswer[i]) {
                    assertThat(count.get(i)).as("call " + i + " answered").isEqualTo(1);
                }
            }
            assertThat(twice).as("calls answered twice").hasValue(0);
        }
    }

    /** The same maxConcurrency(1) task comes back to itself across a second pool, with many top-level calls waiting in the gate. */
    @Test
    void gatedTaskComesBackToItself() throws Exception {
        KnittingPool a = pool("adv-gate-a", 1);
        KnittingPool b = pool("adv-gate-b", 1);
        AtomicReference<TaskRef<Integer, Integer>> x = new AtomicReference<>();
        TaskRef<Integer, Integer> y = b.register("y", n -> x.get().call(n - 1).await().atMost(BOUND) + 1);
        x.set(a.register("x", TaskOptions.defaults().withMaxConcurrency(1),
                n -> n == 0 ? 0 : y.call(n).await().atMost(BOUND) + 1));
        int calls = 20;
        Answers answers = new Answers(calls);
        AtomicInteger wrong = new AtomicInteger();
        for (int i = 0; i < calls; i++) {
            int idx = i;
            x.get().call(3).subscribe().with(v -> {
                if (v != 6) {
                    wrong.incrementAndGet();
                }
                answers.answered(idx);
            }, f -> {
                wrong.incrementAndGet();
                answers.answered(idx);
            });
        }
        boolean[] all = new boolean[calls];
        java.util.Arrays.fill(all, true);
        answers.awaitAll(calls, all);
        assertThat(wrong).hasValue(0);
        awaitQuiet(a);
        awaitQuiet(b);
    }

    /** Many cycles on two lanes each; the call back and the outer call are cancelled at random. */
    @Test
    void randomCancelsAcrossCycles() throws Exception {
        KnittingPool a = pool("adv-cancel-a", 2);
        KnittingPool b = pool("adv-cancel-b", 2);
        TaskRef<Integer, Integer> inner = a.register("inner", n -> {
            if ((n & 3) == 0) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            }
            return n + 1;
        });
        TaskRef<Integer, Integer> middle = b.register("middle", n -> {
            int ms = ThreadLocalRandom.current().nextInt(1, 15);
            return inner.call(n).ifNoItem().after(Duration.ofMillis(ms)).fail().await().atMost(BOUND) * 10;
        });
        TaskRef<Integer, Integer> outer = a.register("outer", n -> {
            long spin = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextInt(3000));
            var answer = middle.call(n).subscribeAsCompletionStage();
            while (System.nanoTime() < spin) {
                Thread.onSpinWait();
            }
            return answer.get(8, TimeUnit.SECONDS) + 1;
        });
        int calls = 300;
        Answers answers = new Answers(calls);
        boolean[] mustAnswer = new boolean[calls];
        List<Cancellable> subs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int idx = i;
            subs.add(outer.call(i).subscribe().with(v -> answers.answered(idx), f -> answers.answered(idx)));
        }
        for (int i = 0; i < calls; i++) {
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                if (ThreadLocalRandom.current().nextBoolean()) {
                    Thread.sleep(1);
                }
                subs.get(i).cancel();
            } else {
                mustAnswer[i] = true;
            }
        }
        answers.awaitAll(calls, mustAnswer);
        awaitQuiet(a);
        awaitQuiet(b);
    }

    /** The call back's Uni times out at about the moment the watchdog rescues it out of its queue. */
    @Test
    void callBackTimeoutRacesTheRescue() throws Exception {
        KnittingPool a = pool("adv-race-a", 1);
        KnittingPool b = pool("adv-race-b", 1);
        AtomicInteger innerRuns = new AtomicInteger();
        TaskRef<Integer, Integer> inner = a.register("inner", n -> {
            innerRuns.incrementAndGet();
            return n + 1;
        });
        AtomicInteger backSent = new AtomicInteger();
        TaskRef<Integer, Integer> middle = b.register("middle", n -> {
            var back = inner.call(n).ifNoItem().after(Duration.ofMillis(1 + (n % 25))).recoverWithItem(-1)
                    .subscribeAsCompletionStage();
            backSent.incrementAndGet();
            return back.get(8, TimeUnit.SECONDS);
        });
        TaskRef<Integer, Integer> outer = a.register("outer", n -> {
            int before = backSent.get();
            var answer = middle.call(n).subscribeAsCompletionStage();
            while (backSent.get() == before) {
                Thread.onSpinWait(); // computing while the call comes back: it queues behind this body
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(n % 13);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return answer.get(8, TimeUnit.SECONDS);
        });
        int calls = 150;
        for (int i = 0; i < calls; i++) {
            Integer v = outer.call(i).await().atMost(Duration.ofSeconds(10));
            assertThat(v).isIn(-1, i + 1);
        }
        awaitQuiet(a);
        awaitQuiet(b);
        assertThat(innerRuns.get()).isLessThanOrEqualTo(calls);
    }

    /** An immediate shutdown of the first pool while its call back runs on a stand-in. */
    @Test
    void immediateShutdownWhileCallBackRunsOnAStandIn() throws Exception {
        KnittingPool a = pool("adv-stop-a", 1);
        KnittingPool b = pool("adv-stop-b", 1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        TaskRef<Integer, Integer> inner = a.register("inner", n -> {
            entered.countDown();
            go.await(10, TimeUnit.SECONDS);
            return n + 1;
        });
        TaskRef<Integer, Integer> outer = CrossPoolCycle.waiting(a, b, inner).outer;
        Answers answers = new Answers(1);
        AtomicReference<Object> got = answerOf(outer.call(1), answers);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        var done = a.shutdown().subscribeAsCompletionStage();
        go.countDown();
        done.get(10, TimeUnit.SECONDS);
        answers.awaitAll(1, new boolean[] { true });
        awaitQuiet(a);
        awaitQuiet(b);
        assertThat(Threads.liveKnittingThreads(a.name())).isEmpty();
    }

    /** An immediate shutdown of the first pool while its abortable call back, blocked, runs on a stand-in. */
    @Test
    void immediateShutdownAbortsAbortableCallBackOnAStandIn() throws Exception {
        KnittingPool a = pool("adv-abort-a", 1);
        KnittingPool b = pool("adv-abort-b", 1);
        CountDownLatch entered = new CountDownLatch(1);
        TaskRef<Integer, Integer> inner = a.register("inner", TaskOptions.defaults().withAbortable(true), n -> {
            entered.countDown();
            release.await(); // interruptible
            return n + 1;
        });
        TaskRef<Integer, Integer> outer = CrossPoolCycle.waiting(a, b, inner).outer;
        Answers answers = new Answers(1);
        outer.call(1).subscribe().with(v -> answers.answered(0), f -> answers.answered(0));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        var done = a.shutdown().subscribeAsCompletionStage();
        // the abortable call back fails as closed at once, though its body still blocks (abort is cooperative)
        answers.awaitAll(1, new boolean[] { true });
        release.countDown();
        done.get(10, TimeUnit.SECONDS);
        awaitQuiet(a);
        awaitQuiet(b);
    }

    /** An immediate shutdown of the first pool while its call back waits queued (CAME_BACK) behind the computing body. */
    @Test
    void immediateShutdownWhileCallBackIsQueued() throws Exception {
        for (int round = 0; round < 30; round++) {
            KnittingPool a = pool("adv-q" + round + "-a", 1);
            KnittingPool b = pool("adv-q" + round + "-b", 1);
            TaskRef<Integer, Integer> inner = a.register("inner", n -> n + 1);
            // computing while the call comes back: it queues (CAME_BACK)
            CrossPoolCycle cycle = CrossPoolCycle.blockingLate(a, b, inner, 0);
            Answers answers = new Answers(1);
            cycle.outer.call(1).subscribe().with(v -> answers.answered(0), f -> answers.answered(0));
            assertThat(cycle.backMade.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(round % 15);
            a.shutdown().await().atMost(Duration.ofSeconds(10));
            answers.awaitAll(1, new boolean[] { true });
            awaitQuiet(a);
            awaitQuiet(b);
            b.close();
            assertThat(Threads.liveKnittingThreads(a.name())).isEmpty();
        }
    }

    /** The hard timeout abandons a stand-in whose call back spins for ever. */
    @Test
    void hardTimeoutAbandonsAStandInRunningACallBack() throws Exception {
        KnittingPool a = pool(KnittingPool.builder().name("adv-hard-a").threads(1).hardTimeoutMs(400));
        KnittingPool b = pool("adv-hard-b", 1);
        CountDownLatch entered = new CountDownLatch(1);
        TaskRef<Integer, Integer> inner = a.register("inner", n -> {
            entered.countDown();
            while (release.getCount() > 0) {
                Thread.onSpinWait();
            }
            return n + 1;
        });
        TaskRef<Integer, Integer> outer = CrossPoolCycle.waiting(a, b, inner).outer;
        Answers answers = new Answers(1);
        AtomicReference<Object> got = answerOf(outer.call(1), answers);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        answers.awaitAll(1, new boolean[] { true });
        assertThat(got.get()).isInstanceOf(Throwable.class);
        awaitQuiet(a);
        awaitQuiet(b);
        release.countDown();
    }

    /** Ping-pong nested 6 deep while the first pool is shut down immediately mid-way. */
    @Test
    void shutdownDuringNestedPingPong() throws Exception {
        for (int round = 0; round < 20; round++) {
            KnittingPool a = pool("adv-pp" + round + "-a", 1);
            KnittingPool b = pool("adv-pp" + round + "-b", 1);
            AtomicReference<TaskRef<Integer, Integer>> pong = new AtomicReference<>();
            TaskRef<Integer, Integer> ping = a.register("ping", n -> {
                if (n == 0) {
                    Thread.sleep(20);
                    return 0;
                }
                return pong.get().call(n - 1).await().atMost(BOUND) + 1;
            });
            pong.set(b.register("pong", n -> n == 0 ? 0 : ping.call(n - 1).await().atMost(BOUND) + 1));
            Answers answers = new Answers(4);
            for (int i = 0; i < 4; i++) {
                int idx = i;
                ping.call(6).subscribe().with(v -> answers.answered(idx), f -> answers.answered(idx));
            }
            Thread.sleep(round % 10);
            (round % 2 == 0 ? a : b).shutdown().await().atMost(Duration.ofSeconds(10));
            answers.awaitAll(4, new boolean[] { true, true, true, true });
            a.close();
            b.close();
            awaitQuiet(a);
            awaitQuiet(b);
            assertThat(Threads.liveKnittingThreads(a.name())).isEmpty();
            assertThat(Threads.liveKnittingThreads(b.name())).isEmpty();
        }
    }

    /** Many cycles with host stealing, a small max-queued, and a soft timeout and cancel deadline on the call back. */
    @Test
    void cyclesWithHostStealMaxQueuedAndDeadlines() throws Exception {
        KnittingPool a = pool(KnittingPool.builder().name("adv-mix-a").threads(2).hostSteal(true).maxQueued(16));
        KnittingPool b = pool(KnittingPool.builder().name("adv-mix-b").threads(2).hostSteal(true).maxQueued(16));
        TaskRef<Integer, Integer> inner = a.register("inner",
                TaskOptions.defaults().withTimeoutMs(5).withCancelAfterMs(8).withAbortable(true)
                        .withMaxConcurrency(1), n -> {
                            if (n % 3 == 0) {
                                Thread.sleep(10);
                            }
                            return n + 1;
                        });
        TaskRef<Integer, Integer> middle = b.register("middle",
                n -> inner.call(n).onFailure().recoverWithItem(-1).await().atMost(BOUND) * 10);
        TaskRef<Integer, Integer> outer = a.register("outer", n -> middle.call(n).await().atMost(BOUND) + 1);
        int calls = 200;
        Answers answers = new Answers(calls);
        for (int i = 0; i < calls; i++) {
            int idx = i;
            outer.call(i).subscribe().with(v -> answers.answered(idx), f -> answers.answered(idx));
            if (i % 20 == 0) {
                Thread.sleep(2);
            }
        }
        boolean[] all = new boolean[calls];
        java.util.Arrays.fill(all, true);
        answers.awaitAll(calls, all);
        awaitQuiet(a);
        awaitQuiet(b);
    }
}
