package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * A span processor that throws when a cancelled call's span ends must not cost the caller its answer. Mutiny's
 * {@code ifNoItem().after(...).fail()} cancels the call before it fails the caller: a cancel that throws there means
 * the caller never hears back.
 */
class CancelledSpanFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, FailingOnCancelled.class));

    /** Ends spans like an exporter that breaks on one kind of span: here, those of cancelled calls. */
    @Singleton
    static class FailingOnCancelled implements SpanProcessor {
        static final AtomicInteger thrown = new AtomicInteger();

        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            if ("cancelled".equals(span.getAttribute(AttributeKey.stringKey("knitting.outcome")))) {
                thrown.incrementAndGet();
                throw new IllegalStateException("this processor cannot end a cancelled span");
            }
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }

    static class Work {
        static final CountDownLatch release = new CountDownLatch(1);

        @Task
        Uni<String> hold() throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
            return Uni.createFrom().item("held");
        }

        @Task
        Uni<String> ok(String s) {
            return Uni.createFrom().item(s);
        }
    }

    @Inject
    Work work;

    @AfterEach
    void release() {
        Work.release.countDown();
    }

    @Test
    void aCallerTimeoutStillFailsTheCallerWhenEndingTheCancelledSpanThrows() throws Exception {
        Throwable failure = work.hold().ifNoItem().after(Duration.ofMillis(100)).fail()
                .onItemOrFailure().transform((item, error) -> error).await().atMost(WAIT);

        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat(FailingOnCancelled.thrown).hasValue(1);
        Work.release.countDown();
        assertThat(work.ok("next").await().atMost(WAIT)).isEqualTo("next");
    }
}
