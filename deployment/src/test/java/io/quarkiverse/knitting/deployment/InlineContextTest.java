package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.RequestScoped;
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
            .withApplicationRoot(jar -> jar.addClasses(RequestData.class, Probe.class))
            .overrideConfigKey("knitting.inliner.enabled", "true")
            .overrideConfigKey("knitting.inliner.position", "first")
            .overrideConfigKey("knitting.balancer", "first-idle");

    /** Read and written through methods: a field of a client proxy is the proxy's own, shared by every request. */
    @RequestScoped
    static class RequestData {
        private String value = "unset";

        String value() {
            return value;
        }

        /** The value in the request context active here, if one is. */
        static String seenBy(RequestData data) {
            return Arc.container().requestContext().isActive() ? data.value() : "no request context";
        }

        void set(String value) {
            this.value = value;
        }
    }

    static class Probe {
        @Inject
        RequestData data;


        @Task
        Uni<String> look() {
            return Uni.createFrom().item(Thread.currentThread().getName() + " saw " + RequestData.seenBy(data));
        }
    }

    @Inject
    Probe probe;

    @Inject
    RequestData data;

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
        runOneInlineRequest(eventLoop); // the batch lives on

        await().atMost(WAIT).until(() -> {
            System.gc();
            return firstRequest.get() == null;
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
