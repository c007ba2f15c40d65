package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** {@code @Task(maxConcurrency = 1)} on a two-lane pool: the second call waits, the free lane serves other tasks. */
class MaxConcurrencyTaskTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Exclusive.class))
            .overrideConfigKey("knitting.threads", "2")
            .overrideConfigKey("knitting.balancer", "first-idle");

    static class Exclusive {
        static final CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch firstStarted = new CountDownLatch(1);
        static final AtomicInteger started = new AtomicInteger();

        @Task(maxConcurrency = 1)
        Uni<Integer> one(int n) throws InterruptedException {
            started.incrementAndGet();
            firstStarted.countDown();
            release.await();
            return Uni.createFrom().item(n);
        }

        @Task
        Uni<String> other() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }
    }

    @Inject
    Exclusive exclusive;

    @AfterEach
    void release() {
        Exclusive.release.countDown();
    }

    @Test
    void theSecondCallWaitsWithoutHoldingTheFreeLane() throws Exception {
        CompletableFuture<Integer> first = exclusive.one(1).subscribeAsCompletionStage();
        assertThat(Exclusive.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = exclusive.one(2).subscribeAsCompletionStage();

        for (int i = 0; i < 20; i++) {
            assertThat(exclusive.other().await().atMost(WAIT)).startsWith("knitting-default-");
        }
        assertThat(Exclusive.started).hasValue(1);
        assertThat(second).isNotDone();

        Exclusive.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(Exclusive.started).hasValue(2);
    }
}
