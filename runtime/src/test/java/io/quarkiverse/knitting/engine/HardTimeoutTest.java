package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskRef;

class HardTimeoutTest extends PoolTestBase {

    /** Runs until {@code release} opens, ignoring interrupts: what a hard timeout is for. */
    private TaskRef<Integer, String> runaway() {
        return pool.register("runaway", n -> {
            spinUntilReleased();
            return "escaped";
        });
    }

    private TaskRef<Integer, String> laneName() {
        return pool.register("lane", n -> Thread.currentThread().getName());
    }

    @Test
    void aRunawayCallFailsAndRestartKeepsThePoolAnswering() {
        pool = KnittingPool.builder().name("restart").threads(2).hardTimeoutMs(100).build();
        TaskRef<Integer, String> runaway = runaway();
        TaskRef<Integer, String> lane = laneName();

        assertThatThrownBy(() -> runaway.call(1).await().atMost(WAIT))
                .isInstanceOf(HardTimeoutException.class)
                .hasMessageContaining("'runaway'")
                .hasMessageContaining("100 ms")
                .hasMessageContaining("policy restart");

        assertThat(pool.stats().generation()).isEqualTo(1);
        assertThat(pool.stats().abandonedThreads()).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(lane.call(i).await().atMost(WAIT)).startsWith("knitting-restart-");
        }
        // the other lane's worker hands over to a fresh thread when it next looks at its orders; with stealing, the
        // calls above may all have run on one lane meanwhile; the thread that delivered the timeout idles a while
        await().atMost(WAIT).untilAsserted(() -> assertThat(Threads.liveKnittingThreads("restart"))
                .filteredOn(name -> !name.startsWith("knitting-restart-answer-"))
                .containsExactlyInAnyOrder("knitting-restart-0", "knitting-restart-1", "knitting-restart-host",
                        "knitting-restart-watchdog"));

        release.countDown();
        await().atMost(WAIT).until(() -> pool.stats().abandonedThreads() == 0);
    }

    @Test
    void restartGivesEveryLaneAFreshWorker() {
        pool = KnittingPool.builder().threads(2).hardTimeoutMs(100).build();
        TaskRef<Integer, Long> threadId = pool.register("id", n -> Thread.currentThread().getId());
        long before0 = threadId.call(0).await().atMost(WAIT);
        long before1 = threadId.call(1).await().atMost(WAIT);

        assertThatThrownBy(() -> runaway().call(2).await().atMost(WAIT)).isInstanceOf(HardTimeoutException.class);

        await().atMost(WAIT).untilAsserted(() -> {
            long after0 = threadId.call(3).await().atMost(WAIT);
            long after1 = threadId.call(4).await().atMost(WAIT);
            assertThat(after0).isNotIn(before0, before1);
            assertThat(after1).isNotIn(before0, before1);
        });
    }

    @Test
    void replaceLaneLeavesTheOtherLanesAlone() throws Exception {
        // without stealing: the test tells the lanes apart by where round-robin sends each call
        pool = KnittingPool.builder().threads(2).hardTimeoutMs(100).hardTimeoutPolicy(HardTimeoutPolicy.REPLACE_LANE)
                .hostSteal(false).build();
        TaskRef<Integer, Long> threadId = pool.register("id", n -> Thread.currentThread().getId());
        long lane0Before = threadId.call(0).await().atMost(WAIT);
        long lane1Before = threadId.call(1).await().atMost(WAIT);

        CompletableFuture<String> stuck = runaway().call(2).subscribeAsCompletionStage(); // round-robin: lane 0
        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HardTimeoutException.class);

        assertThat(pool.stats().generation()).isEqualTo(1);
        long lane1After = threadId.call(3).await().atMost(WAIT);
        long lane0After = threadId.call(4).await().atMost(WAIT);
        assertThat(lane1After).isEqualTo(lane1Before);
        assertThat(lane0After).isNotIn(lane0Before, lane1Before);
    }

    @Test
    void shutdownPolicyClosesThePool() {
        pool = KnittingPool.builder().name("hard-stop").threads(1).hardTimeoutMs(100)
                .hardTimeoutPolicy(HardTimeoutPolicy.SHUTDOWN).build();
        TaskRef<Integer, String> runaway = runaway();
        TaskRef<Integer, String> lane = laneName();

        assertThatThrownBy(() -> runaway.call(1).await().atMost(WAIT)).isInstanceOf(HardTimeoutException.class);

        await().atMost(WAIT).until(pool::isShutdown);
        assertThatThrownBy(() -> lane.call(2).await().atMost(WAIT)).isInstanceOf(PoolClosedException.class);
        pool.shutdown().await().atMost(WAIT);
        assertThat(Threads.liveKnittingThreads("hard-stop")).isEmpty();
        assertThat(pool.stats().abandonedThreads()).isEqualTo(1);
    }

    @Test
    void aCallQueuedPastTheLimitFailsButRestartsNothing() throws Exception {
        // Only time can make a call wait past the limit. The margins are half the limit (1.5 s) on each side: the
        // first call runs 1.5 s, the second waits 1.5 s in the queue, then runs until the third has failed at 3 s
        // (it has run 1.5 s by then); neither comes near the limit, so the second call holds the lane, unharmed.
        pool = KnittingPool.builder().threads(1).hardTimeoutMs(3_000).build();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch firstRelease = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch secondRelease = new CountDownLatch(1);
        TaskRef<Integer, Integer> held = pool.register("held", n -> {
            (n == 0 ? firstStarted : secondStarted).countDown();
            (n == 0 ? firstRelease : secondRelease).await();
            return n;
        });
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        TaskRef<Integer, String> lane = laneName();

        CompletableFuture<Integer> first = held.call(0).subscribeAsCompletionStage();
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = held.call(1).subscribeAsCompletionStage();
        CompletableFuture<Integer> third = plus.call(2).subscribeAsCompletionStage();
        Thread.sleep(1_500);
        firstRelease.countDown();
        assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> third.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(HardTimeoutException.class)
                .hasMessageContaining("waited in a queue")
                .hasMessageContaining("'plus'");
        secondRelease.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(pool.stats().generation()).isZero();
        assertThat(pool.stats().abandonedThreads()).isZero();
        assertThat(lane.call(3).await().atMost(WAIT)).isEqualTo("knitting-default-0");
    }
}
