package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Each dispatch gets its own context, captured when the call is subscribed. */
class DispatchContextTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Probe.class))
            .overrideConfigKey("knitting.threads", "1"); // the two fanned-out calls run one after the other

    static class Probe {
        /** Says what the body found in the MDC, then changes it. */
        @Task
        Uni<String> mark(String name) {
            Object found = MDC.get("trace");
            MDC.put("trace", name);
            return Uni.createFrom().item(name + " found " + found);
        }

        /** Changes the MDC, then throws. */
        @Task
        Uni<String> markThenFail(String name) {
            MDC.put("trace", name);
            throw new IllegalStateException(name + " failed");
        }
    }

    @Inject
    Probe probe;

    @Inject
    Vertx vertx;

    @Test
    void whatOneBodyPutsInTheMdcReachesNeitherTheCallerNorItsSiblings() throws Exception {
        Context request = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<String> outcome = new CompletableFuture<>();

        request.runOnContext(ignored -> {
            MDC.put("trace", "caller");
            Uni.join().all(probe.mark("a"), probe.mark("b")).andFailFast().subscribe().with(
                    seen -> outcome.complete(seen + "; the caller has " + MDC.get("trace")),
                    outcome::completeExceptionally);
        });

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("[a found caller, b found caller]; the caller has caller");
    }

    /**
     * A caller off Vert.x (a plain thread, a scheduler, a test): its body runs on the lane thread with no Vert.x
     * context, where Quarkus keeps the MDC in a thread-local of that thread. What one body puts there must not reach
     * the next body on the lane (one lane here).
     */
    @Test
    void offVertxWhatOneBodyPutsInTheMdcDoesNotReachTheNextBodyOnTheLane() {
        assertThat(probe.mark("first").await().atMost(Duration.ofSeconds(10))).isEqualTo("first found null");
        assertThat(probe.mark("second").await().atMost(Duration.ofSeconds(10))).isEqualTo("second found null");
    }

    /** The same for a body that throws after changing the MDC: the lane restores it all the same. */
    @Test
    void offVertxABodyThatThrowsLeavesNoMdcOnTheLaneEither() {
        assertThatThrownBy(() -> probe.markThenFail("failed").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(probe.mark("after").await().atMost(Duration.ofSeconds(10))).isEqualTo("after found null");
    }

    @Test
    void theContextIsTheSubscribersNotTheOneTheMethodWasCalledOn() throws Exception {
        Uni<String> call = probe.mark("late"); // called here, off Vert.x
        Context request = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<String> outcome = new CompletableFuture<>();

        request.runOnContext(ignored -> {
            MDC.put("trace", "subscriber");
            call.subscribe().with(outcome::complete, outcome::completeExceptionally);
        });

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("late found subscriber");
    }
}
