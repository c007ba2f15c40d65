package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/** What the body sees of its caller, and where the caller hears the answer. */
class CallerContextTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RequestValue.class, Probe.class))
            .overrideConfigKey("knitting.\"inline\".inliner.enabled", "true")
            .overrideConfigKey("knitting.\"inline\".inliner.position", "first")
            .overrideConfigKey("knitting.\"inline\".balancer", "first-idle")
            .overrideConfigKey("knitting.\"inline\".inliner.batch-size", "2");

    /** What the body saw. */
    record Seen(String thread, String requestValue, Object mdc) {
    }

    static class Probe {
        @Inject
        RequestValue data;

        @Task
        Uni<Seen> look() {
            return Uni.createFrom().item(new Seen(Thread.currentThread().getName(), RequestValue.seenBy(data),
                    MDC.get("trace")));
        }

        @Task(pool = "inline")
        Uni<Integer> record(int n, List<Object> ran) {
            ran.add(n);
            return Uni.createFrom().item(n);
        }

        @Task(pool = "inline")
        Uni<Seen> lookInline() {
            return Uni.createFrom().item(new Seen(Thread.currentThread().getName(), RequestValue.seenBy(data),
                    MDC.get("trace")));
        }
    }

    @Inject
    Probe probe;

    @Inject
    Vertx vertx;

    @Inject
    RequestValue data;

    @Test
    void offVertxTheCallersRequestContextIsActiveInTheBody() {
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            data.set("from the caller");
            Seen seen = probe.look().await().atMost(WAIT);

            assertThat(seen.thread()).isEqualTo("knitting-default-0");
            assertThat(seen.requestValue()).isEqualTo("from the caller");
        } finally {
            requestContext.terminate();
        }
    }

    @Test
    void onAVertxContextTheBodySeesItsRequestContextAndMdcAndTheAnswerComesBackThere() throws Exception {
        Context duplicated = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CompletableFuture<Boolean> answeredOnCallerContext = new CompletableFuture<>();

        duplicated.runOnContext(ignored -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            data.set("from the event loop");
            MDC.put("trace", "abc-123");
            probe.look().subscribe().with(result -> {
                answeredOnCallerContext.complete(Vertx.currentContext() == duplicated);
                seen.complete(result);
                requestContext.terminate();
            }, seen::completeExceptionally);
        });

        Seen result = seen.get(10, TimeUnit.SECONDS);
        assertThat(result.thread()).isEqualTo("knitting-default-0");
        assertThat(result.requestValue()).isEqualTo("from the event loop");
        assertThat(result.mdc()).isEqualTo("abc-123");
        assertThat(answeredOnCallerContext.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theInlineLaneRunsOnTheCallersEventLoop() throws Exception {
        Context duplicated = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<String> callerThread = new CompletableFuture<>();
        CompletableFuture<Seen> seen = new CompletableFuture<>();

        duplicated.runOnContext(ignored -> {
            callerThread.complete(Thread.currentThread().getName());
            probe.lookInline().subscribe().with(seen::complete, seen::completeExceptionally);
        });

        assertThat(seen.get(10, TimeUnit.SECONDS).thread()).isEqualTo(callerThread.get(10, TimeUnit.SECONDS))
                .startsWith("vert.x-eventloop-thread-");
    }

    @Test
    void inlineCallsFromOneEventLoopRunInTurnsOfBatchSize() throws Exception {
        Context duplicated = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        List<Object> ran = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger answered = new AtomicInteger();

        duplicated.runOnContext(ignored -> {
            for (int n = 0; n < 5; n++) {
                // each call under its own duplicated context, as requests are: they share the event loop's batch
                ContextInternal request = (ContextInternal) VertxContext.createNewDuplicatedContext(duplicated);
                int number = n;
                request.dispatch(() -> probe.record(number, ran).subscribe().with(item -> {
                    if (answered.incrementAndGet() == 5) {
                        done.complete(null);
                    }
                }, done::completeExceptionally));
            }
            duplicated.runOnContext(v -> ran.add("marker")); // queued behind the first batch turn
        });

        done.get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly(0, 1, "marker", 2, 3, 4); // two per turn, then the loop's other work
    }
}
