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
import io.quarkiverse.knitting.TaskTimeoutException;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Answers the watchdog decides (soft timeout here) go to Mutiny's default executor (in Quarkus: the worker pool).
 * Callers without an executor that wait on that very pool's threads (a ManagedExecutor task, a runSubscriptionOn
 * stage) then wait for an answer queued behind themselves: when they fill the pool, no timeout answer ever arrives.
 */
class TimeoutAnswerOnSaturatedDefaultExecutorAdversarialTest extends PoolTestBase {

    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    @AfterEach
    void resetExecutor() {
        Infrastructure.setDefaultExecutor();
        workers.shutdownNow();
    }

    @Test
    void callersWaitingOnTheDefaultExecutorStillGetTheirTimeout() throws Exception {
        // Context Propagation's provider is set up once, here, not by two callers at once
        io.smallrye.mutiny.Uni.createFrom().item(0).onFailure().recoverWithItem(error -> -1).await().indefinitely();
        Infrastructure.setDefaultExecutor(workers);
        pool = KnittingPool.builder().name("saturated").threads(2).build();
        TaskRef<Integer, Integer> slow = pool.register("slow", new TaskOptions(100, OnTimeout.FAIL, false), n -> {
            release.await(8, TimeUnit.SECONDS);
            return n;
        });
        Future<?>[] callers = new Future<?>[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            callers[i] = workers.submit(() -> slow.call(n).onFailure().recoverWithItem(error -> -1)
                    .await().indefinitely());
        }
        for (Future<?> caller : callers) {
            assertThat(caller.get(5, TimeUnit.SECONDS)).as("answered with the soft timeout").isEqualTo(-1);
        }
    }
}
