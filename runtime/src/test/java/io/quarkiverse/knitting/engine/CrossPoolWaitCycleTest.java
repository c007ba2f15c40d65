package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskRef;

/**
 * A body waits for a task of another pool whose body waits, in turn, for a task of the first pool: the composing
 * pattern the guide promises cannot deadlock. Queued behind the first body, the last call waited for ever, since that
 * body held the only lane (found 2026-12-03; the same call within one pool ran in place). Such a call now goes to an
 * idle lane of its pool other than the waiting body's, else to a stand-in, as a call whose argument arrives while its
 * maker waits does.
 */
class CrossPoolWaitCycleTest {

    private static final Duration BOUND = Duration.ofSeconds(8);

    private final List<KnittingPool> pools = new ArrayList<>();

    private KnittingPool pool(String name, int threads) {
        KnittingPool pool = KnittingPool.builder().name(name).threads(threads).build();
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closePools() {
        for (KnittingPool pool : pools) {
            pool.close();
            assertThat(Threads.liveKnittingThreads(pool.name())).as("threads left by " + pool.name()).isEmpty();
        }
    }

    @Test
    void twoPoolsOfOneLaneEach() {
        KnittingPool first = pool("cycle-a", 1);
        KnittingPool second = pool("cycle-b", 1);
        AtomicReference<String> innerRanOn = new AtomicReference<>();
        TaskRef<Integer, Integer> inner = first.register("inner", n -> {
            innerRanOn.set(Thread.currentThread().getName());
            return n + 1;
        });
        TaskRef<Integer, Integer> middle = second.register("middle", n -> inner.call(n).await().atMost(BOUND) * 10);
        TaskRef<Integer, Integer> outer = first.register("outer", n -> middle.call(n).await().atMost(BOUND) + 1);

        assertThat(outer.call(1).await().atMost(Duration.ofSeconds(5))).isEqualTo(21);
        assertThat(innerRanOn.get()).startsWith("knitting-cycle-a-standin-");
        assertThat(first.stats().completed()).isEqualTo(2);
        assertThat(second.stats().completed()).isEqualTo(1);
    }

    @Test
    void threePoolsRoundTheCycle() {
        KnittingPool first = pool("ring-a", 1);
        KnittingPool second = pool("ring-b", 1);
        KnittingPool third = pool("ring-c", 1);
        TaskRef<Integer, Integer> last = first.register("last", n -> n + 1);
        TaskRef<Integer, Integer> third2 = third.register("c", n -> last.call(n).await().atMost(BOUND) * 2);
        TaskRef<Integer, Integer> second2 = second.register("b", n -> third2.call(n).await().atMost(BOUND) * 3);
        TaskRef<Integer, Integer> outer = first.register("a", n -> second2.call(n).await().atMost(BOUND) + 1);

        assertThat(outer.call(1).await().atMost(Duration.ofSeconds(5))).isEqualTo(13);
    }

    /** With a second lane idle, the call goes there: no thread is made for it. */
    @Test
    void anIdleLaneOfTheFirstPoolTakesTheCall() {
        KnittingPool first = pool("cycle-idle-a", 2);
        KnittingPool second = pool("cycle-idle-b", 1);
        AtomicReference<String> outerRanOn = new AtomicReference<>();
        AtomicReference<String> innerRanOn = new AtomicReference<>();
        TaskRef<Integer, Integer> inner = first.register("inner", n -> {
            innerRanOn.set(Thread.currentThread().getName());
            return n + 1;
        });
        TaskRef<Integer, Integer> middle = second.register("middle", n -> inner.call(n).await().atMost(BOUND) * 10);
        TaskRef<Integer, Integer> outer = first.register("outer", n -> {
            outerRanOn.set(Thread.currentThread().getName());
            return middle.call(n).await().atMost(BOUND) + 1;
        });

        assertThat(outer.call(1).await().atMost(Duration.ofSeconds(5))).isEqualTo(21);
        assertThat(innerRanOn.get()).startsWith("knitting-cycle-idle-a-").doesNotContain("standin")
                .isNotEqualTo(outerRanOn.get());
    }

    /**
     * The call comes back while the first body still computes (it blocks only afterwards): queued as usual, then
     * taken by a stand-in once that body blocks with the call still behind it.
     */
    @Test
    void aCallBackQueuedBeforeTheBodyBlocksIsTakenByAStandInOnceItDoes() {
        KnittingPool first = pool("late-block-a", 1);
        KnittingPool second = pool("late-block-b", 1);
        AtomicReference<String> innerRanOn = new AtomicReference<>();
        TaskRef<Integer, Integer> inner = first.register("inner", n -> {
            innerRanOn.set(Thread.currentThread().getName());
            return n + 1;
        });
        TaskRef<Integer, Integer> outer = CrossPoolCycle.blockingLate(first, second, inner, 0).outer;

        assertThat(outer.call(1).await().atMost(Duration.ofSeconds(5))).isEqualTo(21);
        assertThat(innerRanOn.get()).startsWith("knitting-late-block-a-standin-");
    }

    /**
     * The body computes for 300 ms after its call came back, then waits for it. A first version of the watch stopped
     * looking after ten looks (about 100 ms), and the call back stayed queued behind the body that waits for it; the
     * watch now looks ever less often for as long as the body is at work (found by an adversarial helper, 2026-12-03).
     */
    @Test
    void aBodyThatBlocksLateStillGetsItsCallBack() {
        KnittingPool first = pool("block-later-a", 1);
        KnittingPool second = pool("block-later-b", 1);
        TaskRef<Integer, Integer> inner = first.register("inner", n -> n + 1);
        TaskRef<Integer, Integer> outer = CrossPoolCycle.blockingLate(first, second, inner, 300).outer;

        assertThat(outer.call(1).await().atMost(BOUND)).isEqualTo(21);
    }

    /**
     * A call back taken out of its queue by a stand-in whose body throws: each call of the cycle fails, with the inner
     * failure as the root cause, and the counts add up.
     */
    @Test
    void aRescuedCallBackThatThrowsFailsTheCycleOnce() throws Exception {
        KnittingPool first = pool("rescued-throws-a", 1);
        KnittingPool second = pool("rescued-throws-b", 1);
        AtomicReference<String> innerRanOn = new AtomicReference<>();
        TaskRef<Integer, Integer> inner = first.register("inner", n -> {
            innerRanOn.set(Thread.currentThread().getName());
            throw new IllegalStateException("inner failed");
        });
        TaskRef<Integer, Integer> outer = CrossPoolCycle.blockingLate(first, second, inner, 20).outer;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch answered = new CountDownLatch(1);
        outer.call(1).subscribe().with(item -> answered.countDown(), error -> {
            failure.set(error);
            answered.countDown();
        });

        assertThat(answered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(innerRanOn.get()).startsWith("knitting-rescued-throws-a-standin-");
        Throwable root = failure.get();
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(IllegalStateException.class).hasMessage("inner failed");
        assertThat(first.stats()).satisfies(stats -> {
            assertThat(stats.submitted()).isEqualTo(2);
            assertThat(stats.failed()).isEqualTo(2);
            assertThat(stats.completed() + stats.cancelled() + stats.inFlight()).isZero();
        });
        assertThat(second.stats()).satisfies(stats -> {
            assertThat(stats.submitted()).isEqualTo(1);
            assertThat(stats.failed()).isEqualTo(1);
        });
    }

    /**
     * A body that fires calls across pools and does not wait for them: the calls that come back while it computes
     * queue on its pool as usual, behind it, and no thread is made for them.
     */
    @Test
    void callsBackThatNobodyWaitsForQueueAsUsual() throws Exception {
        KnittingPool first = pool("fire-a", 1);
        KnittingPool second = pool("fire-b", 1);
        AtomicInteger onAStandIn = new AtomicInteger();
        AtomicInteger stored = new AtomicInteger();
        TaskRef<Integer, Integer> store = first.register("store", n -> {
            if (Thread.currentThread().getName().contains("-standin-")) {
                onAStandIn.incrementAndGet();
            }
            stored.incrementAndGet();
            return n;
        });
        AtomicInteger notified = new AtomicInteger();
        TaskRef<Integer, Integer> notify = second.register("notify", n -> {
            store.call(n).subscribe().with(v -> {
            }, f -> {
            });
            notified.incrementAndGet();
            return n;
        });
        int calls = 50;
        TaskRef<Integer, Integer> producer = first.register("producer", n -> {
            for (int i = 0; i < calls; i++) {
                notify.call(i).subscribe().with(v -> {
                }, f -> {
                });
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
            while (notified.get() < calls || System.nanoTime() < until) {
                Thread.onSpinWait(); // still computing: past the watch of the calls that came back
            }
            return n;
        });

        assertThat(producer.call(1).await().atMost(Duration.ofSeconds(5))).isEqualTo(1);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stored.get() < calls && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(stored).hasValue(calls);
        assertThat(onAStandIn).as("calls back run on a stand-in").hasValue(0);
    }

    /**
     * A body that fans calls out to another pool and waits for them all, each of which calls back: the calls back run
     * on stand-ins no more at once than the bound (lowered to 1 here), the others waiting for a look that finds room.
     */
    @Test
    void aFanOutThatWaitsGetsItsCallsBackWithinTheBound() throws Exception {
        KnittingPool first = pool("fan-a", 1);
        ((Pool) first).standIns.comingBackBound = 1;
        KnittingPool second = pool("fan-b", 4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        TaskRef<Integer, Integer> store = first.register("store", n -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(2);
            running.decrementAndGet();
            return n;
        });
        TaskRef<Integer, Integer> enrich = second.register("enrich", n -> store.call(n).await().atMost(BOUND) * 2);
        int calls = 12;
        TaskRef<Integer, Integer> fanOut = first.register("fanOut", n -> {
            List<CompletableFuture<Integer>> parts = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                parts.add(enrich.call(i).subscribeAsCompletionStage());
            }
            int sum = 0;
            for (CompletableFuture<Integer> part : parts) {
                sum += part.get(8, TimeUnit.SECONDS);
            }
            return sum;
        });

        assertThat(fanOut.call(0).await().atMost(Duration.ofSeconds(8))).isEqualTo(calls * (calls - 1));
        assertThat(mostAtOnce).as("calls back running at once").hasValue(1);
    }

    /**
     * Ping-pong between two pools, each waiting body on a stand-in of the last: every call back gets a stand-in of its
     * own, since each waits for the one after it. A bound of one per pool deadlocked here (found by review).
     */
    @Test
    void nestedCyclesEachGetAStandIn() {
        KnittingPool first = pool("pingpong-a", 1);
        KnittingPool second = pool("pingpong-b", 1);
        AtomicReference<TaskRef<Integer, Integer>> pong = new AtomicReference<>();
        TaskRef<Integer, Integer> ping = first.register("ping",
                n -> n == 0 ? 0 : pong.get().call(n - 1).await().atMost(BOUND) + 1);
        pong.set(second.register("pong", n -> n == 0 ? 0 : ping.call(n - 1).await().atMost(BOUND) + 1));

        assertThat(ping.call(6).await().atMost(Duration.ofSeconds(5))).isEqualTo(6);
    }

    /** Many cycles at once on two lanes each: every call answered once, the counts add up, no thread left. */
    @Test
    void manyCyclesAtOnce() throws Exception {
        KnittingPool first = pool("cycles-a", 2);
        KnittingPool second = pool("cycles-b", 2);
        AtomicInteger innerRuns = new AtomicInteger();
        TaskRef<Integer, Integer> inner = first.register("inner", n -> {
            innerRuns.incrementAndGet();
            return n + 1;
        });
        TaskRef<Integer, Integer> middle = second.register("middle", n -> inner.call(n).await().atMost(BOUND) * 10);
        TaskRef<Integer, Integer> outer = first.register("outer", n -> middle.call(n).await().atMost(BOUND) + 1);
        int calls = 200;
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(outer.call(i).subscribeAsCompletionStage());
        }
        for (int i = 0; i < calls; i++) {
            assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).isEqualTo((i + 1) * 10 + 1);
        }
        assertThat(innerRuns).hasValue(calls);
        for (KnittingPool pool : pools) {
            PoolStats stats = pool.stats();
            assertThat(stats.inFlight()).as(pool.name()).isZero();
            assertThat(stats.submitted()).as(pool.name()).isEqualTo(stats.completed())
                    .isEqualTo(pool == first ? 2L * calls : calls);
        }
    }
}
