package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.smallrye.mutiny.subscription.UniSubscriber;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * Vert.x {@code executeBlocking} issued from an event-loop context, the way a Quarkus endpoint on the event loop
 * offloads work: one event loop and a worker pool of {@code workers} threads.
 * <p>
 * The benchmark thread is not an event loop, so each call is posted with {@code runOnContext} and the handler, on
 * the event loop, calls {@code executeBlocking}; Vert.x hands the result back through the event loop, whose handler
 * writes the caller's volatile through the same {@code onItem} as every mechanism. So a call pays one event-loop hop
 * more than a caller already on the event loop would, and the result's hop back that {@code executeBlocking} always
 * pays. The calls are unordered, so that the worker pool's size counts as it does for the other executors (ordered
 * calls of one context run one at a time).
 */
@State(Scope.Benchmark)
public class VertxBlocking extends Mechanism {

    Vertx vertx;
    Context context;

    @Override
    void start(int workers) {
        vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(workers)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        context = vertx.getOrCreateContext(); // an event-loop context: this thread is not a Vert.x thread
    }

    @Override
    Runnable increment(UniSubscriber<Object> completion) {
        return dispatcher(() -> TrivialTask.ARGUMENT + 1, completion);
    }

    @Override
    Runnable echo(Object payload, UniSubscriber<Object> completion) {
        return dispatcher(() -> payload, completion);
    }

    private Runnable dispatcher(Callable<Object> body, UniSubscriber<Object> completion) {
        Context onContext = context;
        Handler<AsyncResult<Object>> answer = result -> {
            if (result.succeeded()) {
                completion.onItem(result.result());
            } else {
                completion.onFailure(result.cause());
            }
        };
        Handler<Void> offload = ignored -> onContext.executeBlocking(body, false).onComplete(answer);
        return () -> onContext.runOnContext(offload);
    }

    /** The event loop, the workers and the blocked-thread checker ({@code vert.x-*}, {@code vertx-*}). */
    @Override
    String threadPrefix() {
        return "vert";
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
