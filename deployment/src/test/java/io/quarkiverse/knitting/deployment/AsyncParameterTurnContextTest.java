package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * When a body of an intercepted call ends, the next subscription of the same returned {@code Uni}, which waited for its
 * turn, is dispatched from that lane. The dispatch runs code of the application's (the payload guard reads the resolved
 * arguments, a record's accessors included); it must not run inside the request context of the body that has ended.
 */
class AsyncParameterTurnContextTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Probe.class))
            .overrideConfigKey("knitting.\"turns\".threads", "2");

    /**
     * What the payload guard reads: its accessor notes each read on a lane, and those made inside an active request
     * context.
     */
    record Probe(int number, List<String> readsOnALane, List<String> readsInsideARequest) {

        @Override
        public int number() {
            String thread = Thread.currentThread().getName();
            if (thread.startsWith("knitting-")) {
                readsOnALane.add(thread);
                if (Arc.container().requestContext().isActive()) {
                    readsInsideARequest.add(thread);
                }
            }
            return number;
        }

        /** The number, read by the body itself (not an accessor the guard calls). */
        int value() {
            return number;
        }
    }

    static class Work {
        final CountDownLatch firstRunning = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);

        /** Holds the body that received 1 until released. */
        @Task(pool = "turns")
        Uni<Integer> take(Uni<Probe> probe) throws InterruptedException {
            int number = probe.await().indefinitely().value();
            if (number == 1) {
                firstRunning.countDown();
                releaseFirst.await(10, TimeUnit.SECONDS);
            }
            return Uni.createFrom().item(number);
        }
    }

    @Inject
    Work work;

    @Test
    void theNextTurnIsDispatchedOutsideTheEndingBodysRequestContext() throws Exception {
        List<String> readsOnALane = new CopyOnWriteArrayList<>();
        List<String> readsInsideARequest = new CopyOnWriteArrayList<>();
        AtomicInteger numbers = new AtomicInteger();
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate(); // the caller's request context, which each body runs in
        try {
            Uni<Integer> call = work.take(Uni.createFrom()
                    .item(() -> new Probe(numbers.incrementAndGet(), readsOnALane, readsInsideARequest)));
            CompletableFuture<Integer> first = call.subscribeAsCompletionStage();
            assertThat(work.firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> second = call.subscribeAsCompletionStage(); // waits for the first body to end

            work.releaseFirst.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        } finally {
            requestContext.terminate();
        }
        assertThat(readsOnALane).as("the second subscription's arguments, read as the lane dispatched it").isNotEmpty();
        assertThat(readsInsideARequest).as("arguments read on a lane inside a request context").isEmpty();
    }
}
