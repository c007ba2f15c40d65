package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.TaskRef;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A caller off Vert.x: the body runs in the caller's OpenTelemetry context, as a body called from Vert.x does, and
 * leaves the lane thread's as it found it, even when it makes a context current and never closes the scope. Run with
 * Context Propagation ({@link OffVertxTracingContextTest}) and without ({@link
 * OffVertxTracingContextWithoutPropagationTest}).
 */
abstract class OffVertxTracingContextChecks {

    private static final Duration WAIT = Duration.ofSeconds(10);
    static final ContextKey<String> ENTRY = ContextKey.named("entry");

    static QuarkusUnitTest application() {
        return new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(OffVertxTracingContextChecks.class, Probe.class))
                .overrideConfigKey("knitting.threads", "1");
    }

    static class Probe {
        @Task
        Uni<String> leak() {
            Context.current().with(ENTRY, "of an earlier call").makeCurrent(); // never closed: a bug, but an easy one
            return Uni.createFrom().item("leaked");
        }

        @Task
        Uni<String> look() {
            return Uni.createFrom().item(String.valueOf(Context.current().get(ENTRY)));
        }
    }

    @Inject
    Probe probe;

    @Inject
    KnittingPool pool;

    @Inject
    Tracer tracer;

    @Test
    void theBodySeesItsCallersContext() throws Exception {
        String seen = onAPlainThread(() -> {
            try (Scope ignored = Context.current().with(ENTRY, "the caller's").makeCurrent()) {
                return probe.look().await().atMost(WAIT);
            }
        });

        assertThat(seen).isEqualTo("the caller's");
    }

    @Test
    void aContextABodyLeavesCurrentReachesNeitherTheNextBodyNorATaskRefBody() throws Exception {
        TaskRef<String, String> look = pool.register("look-at-the-tracing-context",
                ignored -> String.valueOf(Context.current().get(ENTRY)));
        onAPlainThread(() -> probe.leak().await().atMost(WAIT));

        assertThat(onAPlainThread(() -> probe.look().await().atMost(WAIT))).isEqualTo("null");
        assertThat(onAPlainThread(() -> look.call("").await().atMost(WAIT))).isEqualTo("null");
    }

    @Test
    void theCallersContinuationsLeaveNeitherItsContextNorItsTraceOnTheLane() throws Exception {
        TaskRef<String, String> look = pool.register("look-at-what-the-lane-holds",
                ignored -> Context.current().get(ENTRY) + " " + MDC.get("traceId"));
        onAPlainThread(() -> {
            Span callers = tracer.spanBuilder("caller").startSpan();
            try (Scope ignored = Context.current().with(callers).with(ENTRY, "the caller's").makeCurrent()) {
                // Context Propagation wraps both continuations, the span's end and this one, and they run on the lane,
                // which delivers the answer: each makes the caller's context current there
                return probe.look().map(seen -> seen).await().atMost(WAIT);
            } finally {
                callers.end();
            }
        });

        assertThat(onAPlainThread(() -> look.call("").await().atMost(WAIT))).isEqualTo("null null");
    }

    @Test
    void aTaskRefCallersContinuationLeavesNeitherItsContextNorItsTraceOnTheLane() throws Exception {
        TaskRef<String, String> echo = pool.register("echo-to-a-continuation", argument -> argument);
        TaskRef<String, String> look = pool.register("look-after-a-task-ref-continuation",
                ignored -> Context.current().get(ENTRY) + " " + MDC.get("traceId"));
        onAPlainThread(() -> {
            Span callers = tracer.spanBuilder("caller").startSpan();
            try (Scope ignored = Context.current().with(callers).with(ENTRY, "the caller's").makeCurrent()) {
                return echo.call("answer").map(seen -> seen).await().atMost(WAIT);
            } finally {
                callers.end();
            }
        });

        assertThat(onAPlainThread(() -> look.call("").await().atMost(WAIT))).isEqualTo("null null");
    }

    @Test
    void aContextATaskRefBodyLeavesCurrentReachesNoLaterBody() throws Exception {
        TaskRef<String, String> leak = pool.register("leak-from-a-task-ref", argument -> {
            Context.current().with(ENTRY, "of an earlier task ref").makeCurrent(); // never closed
            return argument;
        });
        TaskRef<String, String> look = pool.register("look-after-a-task-ref-leak",
                ignored -> String.valueOf(Context.current().get(ENTRY)));
        onAPlainThread(() -> leak.call("").await().atMost(WAIT));

        assertThat(onAPlainThread(() -> look.call("").await().atMost(WAIT))).isEqualTo("null");
    }

    /** What {@code action} returns on a new thread, off Vert.x, as a scheduler's. */
    private static <T> T onAPlainThread(Callable<T> action) throws Exception {
        FutureTask<T> task = new FutureTask<>(action);
        new Thread(task, "plain-caller").start();
        return task.get(20, TimeUnit.SECONDS);
    }
}
