package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/** With Quarkus OpenTelemetry, each {@code @Task} call is one span, a child of the caller's, ended with its outcome. */
class TaskSpanTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Exporter.class, UnreadableFailure.class))
            .overrideConfigKey("quarkus.otel.bsp.schedule.delay", "10ms")
            .overrideConfigKey("knitting.\"other\".threads", "2");

    @ApplicationScoped
    static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    static class Work {
        static final CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch holding = new CountDownLatch(1);

        @Task
        Uni<String> ok(String s) {
            return Uni.createFrom().item(s);
        }

        @Task(pool = "other")
        Uni<String> boom() {
            throw new IllegalStateException("boom");
        }

        /** Fails with an exception whose message cannot be read: recording it on the span throws. */
        @Task
        Uni<String> unreadable() {
            throw new UnreadableFailure();
        }

        @Task
        Uni<String> hold() throws InterruptedException {
            holding.countDown();
            release.await();
            return Uni.createFrom().item("held");
        }
    }

    @Inject
    Work work;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter exporter;

    @BeforeEach
    void reset() {
        exporter.reset();
    }

    @Test
    void aCallIsAChildSpanWithPoolTaskLaneQueueWaitAndOutcome() {
        Span caller = tracer.spanBuilder("caller").startSpan();
        try (Scope scope = caller.makeCurrent()) {
            assertThat(work.ok("x").await().atMost(WAIT)).isEqualTo("x");
            Throwable failure = work.boom().onItemOrFailure().transform((item, error) -> error).await().atMost(WAIT);
            assertThat(failure).hasMessage("boom");
        } finally {
            caller.end();
        }
        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() == 3);
        SpanData callerSpan = span("caller");
        SpanData ok = span("TaskSpanTest$Work#ok");
        assertThat(ok.getParentSpanId()).isEqualTo(callerSpan.getSpanId());
        assertThat(ok.getTraceId()).isEqualTo(callerSpan.getTraceId());
        assertThat(ok.getAttributes().get(AttributeKey.stringKey("knitting.pool"))).isEqualTo("default");
        assertThat(ok.getAttributes().get(AttributeKey.stringKey("knitting.task")))
                .isEqualTo(Work.class.getName() + "#ok(java.lang.String)");
        assertThat(ok.getAttributes().get(AttributeKey.longKey("knitting.lane"))).isZero();
        assertThat(ok.getAttributes().get(AttributeKey.doubleKey("knitting.queue.wait.ms"))).isNotNegative();
        assertThat(ok.getAttributes().get(AttributeKey.stringKey("knitting.outcome"))).isEqualTo("completed");
        assertThat(ok.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        SpanData boom = span("TaskSpanTest$Work#boom");
        assertThat(boom.getParentSpanId()).isEqualTo(callerSpan.getSpanId());
        assertThat(boom.getAttributes().get(AttributeKey.stringKey("knitting.pool"))).isEqualTo("other");
        assertThat(boom.getAttributes().get(AttributeKey.stringKey("knitting.outcome"))).isEqualTo("failed");
        assertThat(boom.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(boom.getEvents()).anyMatch(event -> event.getName().equals("exception"));
    }

    @Test
    void cancelledAndRejectedCallsEndTheirSpansToo() throws Exception {
        work.hold().subscribe().with(item -> {
        });
        assertThat(Work.holding.await(10, TimeUnit.SECONDS)).isTrue();
        Cancellable waiting = work.ok("waits").subscribe().with(item -> {
        });
        waiting.cancel();
        Work.release.countDown();
        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() == 2);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("knitting.outcome")))
                .containsExactlyInAnyOrder("completed", "cancelled");
    }

    @Test
    void aFailureTheTracerCannotRecordStillEndsTheSpanAndReachesTheCaller() {
        Throwable failure = work.unreadable().onItemOrFailure().transform((item, error) -> error).await()
                .atMost(WAIT);

        assertThat(failure).isInstanceOf(UnreadableFailure.class);
        assertThat(work.ok("next").await().atMost(WAIT)).isEqualTo("next");
        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() == 2);
        SpanData unreadable = span("TaskSpanTest$Work#unreadable");
        assertThat(unreadable.getAttributes().get(AttributeKey.stringKey("knitting.outcome"))).isEqualTo("failed");
        assertThat(unreadable.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    static final class UnreadableFailure extends IllegalStateException {
        @Override
        public String getMessage() {
            throw new UnsupportedOperationException("this failure's message cannot be read");
        }
    }

    private SpanData span(String name) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems()));
    }
}
