package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * A call whose argument is a {@code Uni} is dispatched on the thread that completes the argument. That thread is not
 * the caller's: the call must neither run in place inside a body that happens to complete it (outside its task's
 * {@code maxConcurrency}, holding that body and under its hard timeout) nor run inline on it.
 */
class ArrivingArgumentTest extends PoolTestBase {

    @Test
    void anArgumentCompletedInsideABodyOfThePoolDoesNotRunTheCallInsideThatBody() throws Exception {
        pool = KnittingPool.builder().name("arrival").threads(2).build();
        CompletableFuture<Integer> argument = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        TaskRef<Integer, Integer> limited = pool.register("limited", TaskOptions.defaults().withMaxConcurrency(1), n -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (n == 1) {
                release.await(10, TimeUnit.SECONDS);
            }
            running.decrementAndGet();
            return n;
        });
        AtomicBoolean ranInsideTheCompletingBody = new AtomicBoolean();
        AtomicInteger limitedDone = new AtomicInteger();
        TaskRef<Integer, Integer> completing = pool.register("completing", n -> {
            argument.complete(2);
            ranInsideTheCompletingBody.set(limitedDone.get() > 0);
            return n;
        });

        CompletableFuture<Integer> first = limited.call(1).subscribeAsCompletionStage();
        CompletableFuture<Integer> second = limited.callWith(Uni.createFrom().completionStage(argument), null)
                .subscribeAsCompletionStage().whenComplete((item, failure) -> limitedDone.incrementAndGet());
        assertThat(completing.call(0).await().atMost(WAIT)).isZero();
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(ranInsideTheCompletingBody).as("the call ran inside the body that completed its argument").isFalse();
        assertThat(mostAtOnce).as("calls of the task running at once (maxConcurrency = 1)").hasValue(1);
    }

    @Test
    void anArgumentCompletedOnAnotherThreadDoesNotRunTheCallInlineThere() throws Exception {
        pool = KnittingPool.builder().name("arrival-inline").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        CompletableFuture<Integer> argument = new CompletableFuture<>();
        AtomicReference<String> ranOn = new AtomicReference<>();
        TaskRef<Integer, Integer> where = pool.register("where", n -> {
            ranOn.set(Thread.currentThread().getName());
            return n;
        });

        CompletableFuture<Integer> call = where.callWith(Uni.createFrom().completionStage(argument), null)
                .subscribeAsCompletionStage();
        Thread completer = new Thread(() -> argument.complete(1), "argument-completer");
        completer.start();
        completer.join();

        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ranOn.get()).startsWith("knitting-arrival-inline-");
    }

    /**
     * An argument that arrives while the body that made the call still runs (at once, or completed by that body) is
     * still its caller's turn: the call runs in place, so a body awaiting it on a one-lane pool cannot deadlock.
     */
    @Test
    void aBodyAwaitingACallWhoseArgumentItCompletesItselfRunsItInPlace() {
        pool = KnittingPool.builder().name("arrival-own-body").threads(1).build();
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            int ready = plus.callWith(Uni.createFrom().item(n), null).await().atMost(WAIT);
            CompletableFuture<Integer> later = new CompletableFuture<>();
            CompletableFuture<Integer> pending = plus.callWith(Uni.createFrom().completionStage(later), null)
                    .subscribeAsCompletionStage();
            later.complete(ready);
            return pending.get(10, TimeUnit.SECONDS);
        });

        assertThat(outer.call(1).await().atMost(WAIT)).isEqualTo(3);
    }

    /**
     * A thread that subscribed a call and later, in some other work, completes its argument is no longer in the
     * caller's turn: here a worker of another pool, whose later body completes the argument, must not run the call
     * inline inside that body.
     */
    @Test
    void anArgumentCompletedLaterOnTheSubscribingThreadIsNotTheCallersTurn() throws Exception {
        pool = KnittingPool.builder().name("arrival-later").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).inlinerDispatchThreshold(1)
                .build();
        AtomicReference<String> ranOn = new AtomicReference<>();
        TaskRef<Integer, Integer> where = pool.register("where", n -> {
            ranOn.set(Thread.currentThread().getName());
            return n;
        });
        KnittingPool other = KnittingPool.builder().name("arrival-later-other").threads(1).build();
        try {
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            CompletableFuture<CompletableFuture<Integer>> made = new CompletableFuture<>();
            TaskRef<Integer, Integer> subscribes = other.register("subscribes", n -> {
                made.complete(where.callWith(Uni.createFrom().completionStage(argument), null)
                        .subscribeAsCompletionStage());
                return n;
            });
            TaskRef<Integer, Integer> completes = other.register("completes", n -> {
                argument.complete(n);
                return n;
            });

            subscribes.call(0).await().atMost(WAIT);
            completes.call(1).await().atMost(WAIT);

            assertThat(made.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(ranOn.get()).startsWith("knitting-arrival-later-").doesNotStartWith("knitting-arrival-later-other");
        } finally {
            other.close();
        }
    }

    /**
     * A body waiting for a call whose argument another body completes: the call must not be queued behind the
     * waiting body on its own lane (round-robin, no stealing), where it would wait for ever.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = { false, true })
    void aCallWhoseCallerWaitsOnItsLaneIsNotQueuedBehindIt(boolean throughAConcurrencyGate) throws Exception {
        pool = KnittingPool.builder().name("arrival-not-behind").threads(2).balancer(Balancer.ROUND_ROBIN).build();
        TaskRef<Integer, Integer> plus = pool.register("plus",
                throughAConcurrencyGate ? TaskOptions.defaults().withMaxConcurrency(1) : TaskOptions.defaults(),
                n -> n + 1);
        AtomicReference<CompletableFuture<Integer>> argument = new AtomicReference<>();
        java.util.concurrent.CountDownLatch[] made = new java.util.concurrent.CountDownLatch[1];
        TaskRef<Integer, Integer> waits = pool.register("waits", n -> {
            CompletableFuture<Integer> pending = plus.callWith(Uni.createFrom().completionStage(argument.get()), null)
                    .subscribeAsCompletionStage();
            made[0].countDown();
            return pending.get(10, TimeUnit.SECONDS); // this lane waits: the call must go to the other one
        });
        TaskRef<Integer, Integer> completes = pool.register("completes", n -> {
            argument.get().complete(n);
            return n;
        });
        for (int round = 0; round < 20; round++) {
            argument.set(new CompletableFuture<>());
            made[0] = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<Integer> waiting = waits.call(round).subscribeAsCompletionStage();
            assertThat(made[0].await(10, TimeUnit.SECONDS)).isTrue();
            completes.call(round).await().atMost(WAIT);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("round " + round).isEqualTo(round + 1);
        }
    }

    /**
     * A body of a task limited to one call at a time waits for a call of its own task whose argument arrives on
     * another thread. The body holds the task's only permit, so the call must not wait for one: it is not limited, as
     * a call the body makes directly is not, even with a lane idle to run it.
     */
    @Test
    void aLimitedBodyWaitingForItsOwnTaskWhoseArgumentArrivesElsewhereIsAnswered() throws Exception {
        pool = KnittingPool.builder().name("arrival-own-permit").threads(2).build();
        CompletableFuture<Integer> argument = new CompletableFuture<>();
        java.util.concurrent.CountDownLatch made = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<TaskRef<Integer, Integer>> self = new AtomicReference<>();
        self.set(pool.register("limited", TaskOptions.defaults().withMaxConcurrency(1), n -> {
            if (n != 0) {
                return n * 2;
            }
            CompletableFuture<Integer> inner = self.get()
                    .callWith(Uni.createFrom().completionStage(argument), null).subscribeAsCompletionStage();
            made.countDown();
            return inner.get(5, TimeUnit.SECONDS) + 1;
        }));

        CompletableFuture<Integer> outer = self.get().call(0).subscribeAsCompletionStage();
        assertThat(made.await(10, TimeUnit.SECONDS)).isTrue();
        argument.complete(3);

        assertThat(outer.get(10, TimeUnit.SECONDS)).isEqualTo(7);
    }
}
