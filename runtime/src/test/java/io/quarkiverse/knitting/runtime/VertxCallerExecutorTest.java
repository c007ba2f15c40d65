package io.quarkiverse.knitting.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
