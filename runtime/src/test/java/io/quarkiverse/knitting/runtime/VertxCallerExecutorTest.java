package io.quarkiverse.knitting.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/** What the engine learns from a caller's Vert.x context about the calls made on it. */
class VertxCallerExecutorTest {

    /**
     * The calls of one request (one duplicated context) form one flow, which a lane keeps spinning for; two requests on
     * the same event loop are two flows.
     */
    @Test
    void theCallsOfOneRequestShareAFlowAndTwoRequestsDoNot() {
        Vertx vertx = Vertx.vertx();
        try {
            ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
            ContextInternal request = loop.duplicate();
            ContextInternal otherRequest = loop.duplicate();

            assertThat(new VertxCallerExecutor(request).flowKey())
                    .isSameAs(new VertxCallerExecutor(request).flowKey());
            assertThat(new VertxCallerExecutor(request).flowKey())
                    .isNotSameAs(new VertxCallerExecutor(otherRequest).flowKey());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * A call made on an event loop that has closed since (the application is stopping) is still answered: the closed
     * loop refuses the answer, and the lane delivers it itself. This holds only while the executor passes the refusal
     * on; Vert.x code that swallows it (as some of its internal paths do) would leave the caller unanswered.
     */
    @Test
    void aCallWhoseEventLoopHasClosedIsStillAnswered() {
        Vertx vertx = Vertx.vertx();
        ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        VertxCallerExecutor caller = new VertxCallerExecutor(request);
        vertx.close().toCompletionStage().toCompletableFuture().join();

        KnittingPool pool = KnittingPool.builder().name("closed-loop").threads(1).build();
        try {
            TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);
            assertThat(plus.call(1, caller).await().atMost(Duration.ofSeconds(10))).isEqualTo(2);
        } finally {
            pool.close();
        }
    }

    /** The turns of inline batches are refused the same way, so the batch runs them where it is. */
    @Test
    void aClosedEventLoopRefusesTurnsInsteadOfDroppingThem() throws Exception {
        Vertx vertx = Vertx.vertx();
        ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
        CompletableFuture<VertxCallerExecutor> onTheLoop = new CompletableFuture<>();
        loop.runOnContext(ignored -> onTheLoop.complete(new VertxCallerExecutor(loop.duplicate())));
        VertxCallerExecutor caller = onTheLoop.get();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        AtomicBoolean ran = new AtomicBoolean();

        assertThat(caller.batchKey()).as("a caller on its event loop batches there").isNotNull();
        assertThatThrownBy(() -> caller.turnExecutor().execute(() -> ran.set(true)))
                .isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> caller.execute(() -> ran.set(true))).isInstanceOf(RejectedExecutionException.class);
        assertThat(ran).isFalse();
    }
}
