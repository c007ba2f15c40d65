package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * On a Vert.x context the tracing context belongs to that context: a traced call's answer delivered there leaves
 * what the caller's own continuation made current in place, for the caller's later steps on that context to find.
 */
class VertxTracingContextTest {

    private static final ContextKey<String> ENTRY = ContextKey.named("entry");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Probe.class));

    static class Probe {
        @Task
        Uni<String> echo(String value) {
            return Uni.createFrom().item(value);
        }
    }

    @Inject
    Probe probe;

    @Inject
    Vertx vertx;

    @Test
    void whatTheCallersContinuationMakesCurrentOnItsVertxContextStaysThere() throws Exception {
        io.vertx.core.Context duplicated = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<String> laterStep = new CompletableFuture<>();

        duplicated.runOnContext(ignored -> probe.echo("answer").subscribe().with(answer -> {
            Context.current().with(ENTRY, "made current by the continuation").makeCurrent(); // closed by a later step
            duplicated.runOnContext(next -> laterStep.complete(String.valueOf(Context.current().get(ENTRY))));
        }, laterStep::completeExceptionally));

        assertThat(laterStep.get(10, TimeUnit.SECONDS)).isEqualTo("made current by the continuation");
    }
}
