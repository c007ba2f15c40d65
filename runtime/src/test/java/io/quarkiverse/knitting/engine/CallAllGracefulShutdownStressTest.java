package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.PoolStats;

/** callAll shares with maxConcurrency and queue-timeout-ms, cancels, raced with a graceful shutdown. */
class CallAllGracefulShutdownStressTest extends PoolTestBase {

    @Test
    void everyCallAllIsAnsweredAndAccountedAtAGracefulShutdown() throws Exception {
        for (int round = 0; round < 30; round++) {
            pool = KnittingPool.builder().name("adv-callall-" + round).threads(3).maxQueued(40).queueTimeoutMs(5)
                    .laneQueueCapacity(4).resolveAfterFinishingAll(true).parkMs(5).build();
            TaskRef<Integer, Integer> limited = pool.register("limited", TaskOptions.defaults().withMaxConcurrency(2),
                    n -> {
                        if (n % 7 == 0) {
                            throw new IllegalStateException("boom " + n);
                        }
                        Thread.sleep(n % 3);
                        return n;
                    });
            try {
                limited.callAll(List.of(1, 2)).await().atMost(WAIT); // warm Mutiny up on one thread
            } catch (RuntimeException rejected) {
                // a 5 ms queue timeout may reject it
            }
            List<CompletableFuture<?>> answers = new ArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread caller = new Thread(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < 30; i++) {
                        List<Integer> args = new ArrayList<>();
                        for (int k = 0; k < 1 + r.nextInt(6); k++) {
                            args.add(r.nextInt(100));
                        }
                        CompletableFuture<?> f = r.nextBoolean() ? limited.callAll(args).subscribeAsCompletionStage()
                                : limited.call(args.get(0)).subscribeAsCompletionStage();
                        synchronized (answers) {
                            answers.add(f);
                        }
                        if (r.nextInt(5) == 0) {
                            f.cancel(false);
                        }
                    }
                });
                callers.add(caller);
                caller.start();
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(5));
            CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
            for (Thread c : callers) {
                c.join(10_000);
            }
            stopped.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<?> f : answers) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    // answered
                }
            }
            PoolStats s = pool.stats();
            assertThat(s.inFlight()).as("round " + round + " " + s).isZero();
            assertThat(s.submitted()).as("round " + round + " " + s)
                    .isEqualTo(s.completed() + s.failed() + s.cancelled() + s.rejected());
            pool.close();
            assertThat(Threads.liveKnittingThreads(pool.name())).isEmpty();
        }
    }
}
