package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

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

/** An inline body runs with the calling request's own context, on the calling thread kind, and keeps nothing after. */
class InlineContextTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RequestValue.class, Probe.class))
            .overrideConfigKey("knitting.inliner.enabled", "true")
            .overrideConfigKey("knitting.inliner.position", "first")
            .overrideConfigKey("knitting.balancer", "first-idle");

    static class Probe {
        @Inject
        RequestValue data;


        @Task
        Uni<String> look() {
            return Uni.createFrom().item(Thread.currentThread().getName() + " saw " + RequestValue.seenBy(data));
        }
    }

    @Inject
    Probe probe;

    @Inject
    RequestValue data;

    @Inject
    Vertx vertx;

    @Test
    void offVertxTheCallersRequestContextOutlivesAnInlineCall() throws Exception {
        // a plain thread of the application's own (a command-line main, a scheduler) with a request context of its own
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                data.set("from the caller");
                String seen = probe.look().await().atMost(WAIT);
                boolean stillActive = requestContext.isActive();
                String valueAfter = data.value();
                requestContext.terminate();
                outcome.complete(seen.replace(Thread.currentThread().getName(), "<caller>") + "; active after: "
                        + stillActive + "; value after: " + valueAfter);
            } catch (Throwable failure) {
                outcome.completeExceptionally(failure);
            }
        }, "plain-caller");
        caller.start();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(
                "<caller> saw from the caller; active after: true; value after: from the caller");
    }

    @Test
    void aCallerOnAWorkerThreadRunsItsInlineBodyThereNotOnTheEventLoop() throws Exception {
        Context duplicated = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<String> callerThread = new CompletableFuture<>();
        CompletableFuture<String> seen = new CompletableFuture<>();

        // what a @Blocking method is: a worker thread that runs with the request's event-loop duplicated context
        duplicated.executeBlocking(() -> {
            callerThread.complete(Thread.currentThread().getName());
            probe.look().subscribe().with(seen::complete, seen::completeExceptionally);
            return null;
        });

        assertThat(seen.get(10, TimeUnit.SECONDS)).startsWith(callerThread.get(10, TimeUnit.SECONDS) + " saw")
                .doesNotStartWith("vert.x-eventloop-thread-");
    }

    @Test
    void theEventLoopsInlineBatchKeepsNoRequestsContext() throws Exception {
        Context eventLoop = vertx.getOrCreateContext();
        WeakReference<Context> firstRequest = runOneInlineRequest(eventLoop);
        WeakReference<Context> lastRequest = runOneInlineRequest(eventLoop); // the batch lives on after it

        await().atMost(WAIT).until(() -> {
            System.gc();
            return firstRequest.get() == null && lastRequest.get() == null;
        });
    }

    private WeakReference<Context> runOneInlineRequest(Context eventLoop) throws Exception {
        Context request = VertxContext.createNewDuplicatedContext(eventLoop);
        CompletableFuture<String> seen = new CompletableFuture<>();
        request.runOnContext(ignored -> probe.look().subscribe().with(seen::complete, seen::completeExceptionally));
        assertThat(seen.get(10, TimeUnit.SECONDS)).startsWith("vert.x-eventloop-thread-");
        return new WeakReference<>(request);
    }
}
