package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * A stand-in thread that cannot start (the JVM is out of native threads): the call fails with the reason and the
 * pool still terminates. A first version caught only RuntimeException: the call was never answered and the pool
 * never terminated (found by an adversarial review, 2026-12-03). The failure is injected through
 * {@code StandIns.starter}.
 */
class StandInThreadFailureTest extends PoolTestBase {

    @Test
    void aStandInThatCannotStartFailsTheCallAndDoesNotHoldTheShutdown() throws Exception {
        pool = KnittingPool.builder().name("adv-standin-oom").threads(1).build();
        StandIns standIns = ((Pool) pool).standIns;
        standIns.starter = thread -> {
            throw new OutOfMemoryError("unable to create native thread: possibly out of memory (injected)");
        };

        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
        AtomicReference<CompletableFuture<Integer>> inner = new AtomicReference<>();
        CountDownLatch made = new CountDownLatch(1);
        CompletableFuture<Integer> argument = new CompletableFuture<>();
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            inner.set(plus.callWith(Uni.createFrom().completionStage(argument), null).subscribeAsCompletionStage());
            made.countDown();
            try {
                return inner.get().get(3, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException t) {
                return -1;
            } catch (ExecutionException failed) {
                return -2;
            }
        });
        CompletableFuture<Integer> answer = outer.call(0).subscribeAsCompletionStage();
        assertThat(made.await(5, TimeUnit.SECONDS)).isTrue();
        Thread arrival = new Thread(() -> {
            try {
                argument.complete(1);
            } catch (Throwable ignored) {
                // the OutOfMemoryError may reach the thread that completes the argument
            }
        }, "arrival");
        arrival.start();
        arrival.join(5_000);

        int outerSaw = answer.get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        boolean terminated;
        try {
            stopped.get(5, TimeUnit.SECONDS);
            terminated = true;
        } catch (java.util.concurrent.TimeoutException hang) {
            terminated = false;
        }
        assertThat("inner answered: " + (outerSaw == -2) + ", pool terminated: " + terminated)
                .as("outer body saw %d (-1: waited 3 s in vain for the inner call)", outerSaw)
                .isEqualTo("inner answered: true, pool terminated: true");
    }
}
