package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * A body waiting for a call of its own pool whose argument arrives on another thread (a REST client's Uni, say). The
 * same call with an argument at hand runs in place and cannot deadlock; with an arriving argument it is queued on
 * "another lane" (PendingArgument -> Pool.dispatchArrived -> Lanes.pickWorker(call)), which may hold a body waiting
 * the same way, or be the only lane: each waiting body sits on the lane its call is queued on. No hard timeout by
 * default: the callers are never answered.
 */
class ArrivalBehindWaitingBodiesAdversarialTest extends PoolTestBase {

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
}
