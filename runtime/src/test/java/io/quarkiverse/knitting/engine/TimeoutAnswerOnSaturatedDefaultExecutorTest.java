package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Answers the watchdog decides (a soft timeout here) used to go to Mutiny's default executor, in Quarkus the worker
 * pool. Callers without an executor that wait on that very pool's threads (a ManagedExecutor task, a
 * runSubscriptionOn stage) then waited for an answer queued behind themselves: when they filled the pool, no timeout
 * answer ever arrived. The pool's own answer threads deliver them now.
 */
class TimeoutAnswerOnSaturatedDefaultExecutorTest extends PoolTestBase {

    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    @AfterEach
    void resetExecutor() {
        Infrastructure.setDefaultExecutor();
        workers.shutdownNow();
    }

    @Test
    void callersWaitingOnTheDefaultExecutorStillGetTheirTimeout() throws Exception {
        // Context Propagation's provider is set up once, here, not by two callers at once
        Uni.createFrom().item(0).onFailure().recoverWithItem(error -> -1).await().indefinitely();
        Infrastructure.setDefaultExecutor(workers);
        pool = KnittingPool.builder().name("saturated").threads(2).build();
        TaskRef<Integer, Integer> slow = pool.register("slow", new TaskOptions(100, OnTimeout.FAIL, false), n -> {
            release.await(8, TimeUnit.SECONDS);
            return n;
        });
        @SuppressWarnings("unchecked")
        Future<String>[] callers = new Future[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            callers[i] = workers.submit(() -> slow.call(n)
                    .onItemOrFailure().transform((item, failure) -> Thread.currentThread().getName())
                    .await().indefinitely());
        }
        for (Future<String> caller : callers) {
            assertThat(caller.get(5, TimeUnit.SECONDS)).as("answered with the soft timeout, on an answer thread")
                    .startsWith("knitting-saturated-answer-");
        }
    }
}
