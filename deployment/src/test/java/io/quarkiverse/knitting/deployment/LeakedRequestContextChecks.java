package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.TaskRef;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A body that activates a request context and never ends it (a bug of the application's) leaves nothing on the lane
 * thread: neither the next body nor a continuation run there sees that context, which belongs to another call. Run
 * with Context Propagation ({@link LeakedRequestContextTest}) and without ({@link
 * LeakedRequestContextWithoutPropagationTest}), which take different paths to the body.
 */
abstract class LeakedRequestContextChecks {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static QuarkusUnitTest application() {
        return new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(LeakedRequestContextChecks.class, RequestValue.class,
                        Probe.class))
                .overrideConfigKey("knitting.threads", "1");
    }

    static class Probe {
        @Inject
        RequestValue data;

        @Task
        Uni<String> leak() {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            data.set("secret of an earlier call");
            return Uni.createFrom().item(Thread.currentThread().getName());
        }

        @Task
        Uni<String> look() {
            return Uni.createFrom().item(data.value());
        }

        @Task
        Uni<Boolean> seesARequestContext() {
            return Uni.createFrom().item(Arc.container().requestContext().isActive());
        }

        @Task
        Uni<String> where() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }
    }

    @Inject
    Probe probe;

    @Inject
    RequestValue data;

    @Inject
    KnittingPool pool;

    @Inject
    Vertx vertx;

    @Test
    void aContinuationRunOnTheLaneAfterALeakingBodySeesNoRequestContext() throws Exception {
        leakOnTheLane();

        CompletableFuture<String> seen = new CompletableFuture<>();
        onAPlainThread(() -> {
            // a plain subscriber: a Mutiny operator would run the continuation inside the contexts it captured here
            probe.where().subscribe().withSubscriber(new UniSubscriber<String>() {
                @Override
                public void onSubscribe(UniSubscription subscription) {
                }

                @Override
                public void onItem(String item) {
                    seen.complete(Thread.currentThread().getName() + " saw a request context: "
                            + Arc.container().requestContext().isActive());
                }

                @Override
                public void onFailure(Throwable failure) {
                    seen.completeExceptionally(failure);
                }
            });
            return null;
        });

        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("knitting-default-0 saw a request context: false");
    }

    @Test
    void aBodyWhoseCallerHasNoRequestContextSeesNoneAfterALeakingBody() throws Exception {
        leakOnTheLane();

        assertThat(onAPlainThread(() -> probe.seesARequestContext().await().atMost(WAIT))).isFalse();
    }

    @Test
    void aTaskRefBodyRunAfterALeakingBodySeesNoRequestContext() throws Exception {
        TaskRef<String, String> look = pool.register("look-at-the-request-context",
                ignored -> Thread.currentThread().getName() + " saw a request context: "
                        + Arc.container().requestContext().isActive());
        leakOnTheLane();

        assertThat(onAPlainThread(() -> look.call("").await().atMost(WAIT)))
                .isEqualTo("knitting-default-0 saw a request context: false");
    }

    @Test
    void theNextBodySeesItsOwnCallersRequestContext() throws Exception {
        leakOnTheLane();

        String seen = onAPlainThread(() -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                data.set("from the caller");
                return probe.look().await().atMost(WAIT);
            } finally {
                requestContext.terminate();
            }
        });

        assertThat(seen).isEqualTo("from the caller");
    }

    @Test
    void aBodyCalledFromAVertxContextLeavesNoRequestContextOnTheLane() throws Exception {
        TaskRef<String, String> look = pool.register("look-after-a-vertx-caller",
                ignored -> Thread.currentThread().getName() + " saw a request context: "
                        + Arc.container().requestContext().isActive());
        Context duplicated = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<String> leaked = new CompletableFuture<>();
        duplicated.runOnContext(
                ignored -> probe.leak().subscribe().with(leaked::complete, leaked::completeExceptionally));
        leaked.get(10, TimeUnit.SECONDS);

        assertThat(onAPlainThread(() -> look.call("").await().atMost(WAIT)))
                .isEqualTo("knitting-default-0 saw a request context: false");
    }

    /** The leaking body, called from a thread without a request context (the test's own thread may have one). */
    private void leakOnTheLane() throws Exception {
        assertThat(onAPlainThread(() -> probe.leak().await().atMost(WAIT))).isEqualTo("knitting-default-0");
    }

    /** What {@code action} returns on a new thread, which starts without a request context, as a scheduler's does. */
    private static <T> T onAPlainThread(Callable<T> action) throws Exception {
        FutureTask<T> task = new FutureTask<>(action);
        new Thread(task, "plain-caller").start();
        return task.get(20, TimeUnit.SECONDS);
    }
}
