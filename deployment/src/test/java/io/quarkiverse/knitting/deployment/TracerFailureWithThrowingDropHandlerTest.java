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

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A span processor that throws when a span ends, together with a dropped-exception handler that rethrows what it is
 * given (both user components): the tracer's failure goes to that handler, whose rethrow must not cost the caller its
 * answer, neither for a completed call nor for a caller timeout that cancels the call.
 */
class TracerFailureWithThrowingDropHandlerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, FailingOnEnd.class));

    @Singleton
    static class FailingOnEnd implements SpanProcessor {
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
            if (span.getName().contains("$Work#")) {
                thrown.incrementAndGet();
                throw new IllegalStateException("exporter broken");
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
        Uni<String> ok(String s) {
            return Uni.createFrom().item(s);
        }

        @Task
        Uni<String> hold() throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
            return Uni.createFrom().item("held");
        }
    }

    @Inject
    Work work;

    @AfterEach
    void reset() {
        Work.release.countDown();
        Infrastructure.resetDroppedExceptionHandler();
    }

    private static void rethrowingHandler() {
        Infrastructure.setDroppedExceptionHandler(failure -> {
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
        });
    }

    @Test
    void aCompletedCallIsStillAnswered() {
        rethrowingHandler();
        Uni<String> call = work.ok("x");
        Object outcome = call.onItemOrFailure().transform((item, error) -> error != null ? error : item)
                .await().atMost(WAIT);
        assertThat(FailingOnEnd.thrown.get()).as("the processor threw").isPositive();
        assertThat(outcome).isEqualTo("x");
    }

    @Test
    void aCallerTimeoutStillFailsTheCaller() throws Exception {
        rethrowingHandler();
        Throwable failure = work.hold().ifNoItem().after(Duration.ofMillis(100)).fail()
                .onItemOrFailure().transform((item, error) -> error).await().atMost(WAIT);
        assertThat(failure).isInstanceOf(TimeoutException.class);
    }
}
