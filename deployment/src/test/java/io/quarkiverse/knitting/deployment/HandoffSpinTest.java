package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A lane whose spin is a minute and whose hand-off spin is 0: after a request's single call, answered on the request's
 * event-loop context, the lane parks at once; after the second call of a chain in one request, it keeps spinning for
 * the next link.
 */
class HandoffSpinTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Steps.class))
            .overrideConfigKey("knitting.\"handoff\".threads", "1")
            .overrideConfigKey("knitting.\"handoff\".worker.timers.spin-microseconds", "60000000")
            .overrideConfigKey("knitting.\"handoff\".worker.timers.handoff-spin-microseconds", "0")
            .overrideConfigKey("knitting.\"handoff\".worker.timers.park-ms", "600000");

    static class Steps {
        @Task(pool = "handoff")
        Uni<Integer> next(int n) {
            return Uni.createFrom().item(n + 1);
        }
    }

    @Inject
    Steps steps;

    @Inject
    Vertx vertx;

    @Test
    void aRequestsSingleCallLetsTheLaneParkAndAChainKeepsItSpinning() throws Exception {
        Thread lane = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("knitting-handoff-0")).findFirst().orElseThrow();

        assertThat(onANewRequest(() -> steps.next(0))).isEqualTo(1);
        await().atMost(WAIT).until(() -> lane.getState() == Thread.State.TIMED_WAITING);

        // a link that comes a millisecond or more after the one before it starts a new flow (a slow machine, a cold
        // path): the chain is tried a few times, and a lane that never kept a flow fails every try
        boolean keptSpinning = false;
        for (int attempt = 0; attempt < 5 && !keptSpinning; attempt++) {
            await().atMost(WAIT).until(() -> lane.getState() == Thread.State.TIMED_WAITING);
            assertThat(onANewRequest(() -> steps.next(0).chain(steps::next))).isEqualTo(2);
            keptSpinning = runnableThroughout(lane, Duration.ofMillis(300)); // the minute-long spin, for the next link
        }
        assertThat(keptSpinning).as("the lane kept spinning after a chain's second link").isTrue();
    }

    private static boolean runnableThroughout(Thread lane, Duration period) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            if (lane.getState() != Thread.State.RUNNABLE) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Runs {@code calls} on a request's own duplicated context, as a REST request does, and waits for its item. */
    private Integer onANewRequest(Supplier<Uni<Integer>> calls) throws Exception {
        Context request = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        request.runOnContext(ignored -> calls.get().subscribe().with(item -> {
            if (Vertx.currentContext() != request) {
                answer.completeExceptionally(new AssertionError("answered off the request's context"));
            }
            answer.complete(item);
        }, answer::completeExceptionally));
        return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
