package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * An interceptor that runs after the task interceptor (on the lane) and defers {@code proceed()} to the subscription of
 * the {@code Uni} it returns still hands the bean method the resolved parameters: they stay in the invocation context
 * until the body's turn ends, after that {@code Uni} has been subscribed.
 */
class AsyncParameterInnerInterceptorTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Deferred.class, DeferringInterceptor.class, Work.class));

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.TYPE, ElementType.METHOD })
    @interface Deferred {
    }

    @Deferred
    @Interceptor
    @Priority(Interceptor.Priority.PLATFORM_AFTER + 200) // after the task interceptor (4100)
    static class DeferringInterceptor {
        @AroundInvoke
        Object deferProceed(InvocationContext context) {
            return Uni.createFrom().deferred(() -> {
                try {
                    return (Uni<?>) context.proceed();
                } catch (Exception e) {
                    return Uni.createFrom().failure(e);
                }
            });
        }
    }

    static class Work {
        @Deferred
        @Task
        Uni<Integer> twice(Uni<Integer> value) {
            return value.map(v -> v * 2);
        }
    }

    @Inject
    Work work;

    @Test
    void theBeanMethodReceivesTheResolvedParameter() {
        AtomicInteger subscriptions = new AtomicInteger();
        Uni<Integer> value = Uni.createFrom().item(() -> {
            subscriptions.incrementAndGet();
            return 21;
        });

        assertThat(work.twice(value).await().atMost(Duration.ofSeconds(10))).isEqualTo(42);
        assertThat(subscriptions).as("subscriptions of the caller's Uni: resolved once, before dispatch").hasValue(1);
    }
}
