package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With Quarkus OpenTelemetry but {@code quarkus.knitting.tracing-enabled=false}, calls have no spans, yet a body's
 * code may still make a tracing context current on its lane (an instrumented client, a forgotten scope): the lane
 * drops it all the same, so the next call on that lane does not run inside it.
 */
class UntracedLaneCleanupTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ContextKey<String> ENTRY = ContextKey.named("entry");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.knitting.tracing-enabled", "false")
            .overrideConfigKey("knitting.threads", "1");

    @Inject
    KnittingPool pool;

    @Test
    void aContextABodyLeavesCurrentReachesNoLaterBody() {
        TaskRef<String, String> leak = pool.register("leak-while-untraced", argument -> {
            Context.current().with(ENTRY, "of an earlier call").makeCurrent(); // never closed
            return argument;
        });
        TaskRef<String, String> look = pool.register("look-while-untraced",
                ignored -> String.valueOf(Context.current().get(ENTRY)));
        leak.call("").await().atMost(WAIT);

        assertThat(look.call("").await().atMost(WAIT)).isEqualTo("null");
    }
}
