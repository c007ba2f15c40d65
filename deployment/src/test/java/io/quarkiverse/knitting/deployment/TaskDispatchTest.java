package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

class TaskDispatchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class))
            .overrideConfigKey("knitting.\"fast\".threads", "2");

    /** No scope annotation: declaring @Task methods makes it a bean. */
    static class Work {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger sums = new AtomicInteger();

        @Task
        Uni<String> where() {
            runs.incrementAndGet();
            return Uni.createFrom().item(Thread.currentThread().getName());
        }

        @Task(pool = "fast")
        CompletionStage<String> fastWhere() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

        @Task
        CompletableFuture<Integer> plus(int a, int b) {
            return CompletableFuture.completedFuture(a + b);
        }

        @Task
        Uni<Integer> sum(Uni<Integer> a, CompletionStage<Integer> b) {
            sums.incrementAndGet();
            return Uni.createFrom().item(a.await().indefinitely() + b.toCompletableFuture().join());
        }

        @Task
        Uni<String> failing(String message) {
            throw new IllegalStateException(message);
        }
    }

    @Inject
    Work work;

    @Inject
    KnittingPool defaultPool;

    @Inject
    @Identifier("fast")
    KnittingPool fastPool;

    @Test
    void theBodyRunsOnALaneOfTheDefaultPool() {
        assertThat(work.where().await().atMost(WAIT)).isEqualTo("knitting-default-0");
    }

    @Test
    void aUniDispatchesOncePerSubscriptionAndNotBefore() {
        int before = work.runs.get();
        Uni<String> call = work.where();
        assertThat(work.runs.get()).isEqualTo(before);

        call.await().atMost(WAIT);
        call.await().atMost(WAIT);
        assertThat(work.runs.get()).isEqualTo(before + 2);
    }

    @Test
    void aNamedPoolRunsItsTasksAndIsInjectable() {
        assertThat(work.fastWhere().toCompletableFuture().join()).startsWith("knitting-fast-");
        assertThat(fastPool.name()).isEqualTo("fast");
        assertThat(fastPool.lanes()).isEqualTo(2);
        assertThat(defaultPool.name()).isEqualTo("default");
        assertThat(defaultPool.lanes()).isEqualTo(1);
    }

    @Test
    void completableFutureMethodsDispatchAtOnce() {
        CompletableFuture<Integer> result = work.plus(2, 3);

        assertThat(result.join()).isEqualTo(5);
    }

    @Test
    void asyncParametersAreResolvedBeforeDispatch() {
        Uni<Integer> a = Uni.createFrom().item(40);
        CompletableFuture<Integer> b = new CompletableFuture<>();

        CompletableFuture<Integer> result = work.sum(a, b).subscribeAsCompletionStage();
        b.complete(2);

        assertThat(result.join()).isEqualTo(42);
    }

    @Test
    void aFailedAsyncParameterFailsTheCallWithoutRunningTheBody() {
        IllegalArgumentException failure = new IllegalArgumentException("no input");

        int sumsBefore = work.sums.get();

        assertThatThrownBy(() -> work.sum(Uni.createFrom().failure(failure), CompletableFuture.completedFuture(1))
                .await().atMost(WAIT)).isSameAs(failure);
        assertThat(work.sums.get()).isEqualTo(sumsBefore); // the body would rethrow the same failure from its await
    }

    @Test
    void aFailureOfTheBodyReachesTheCallerUnchanged() {
        assertThatThrownBy(() -> work.failing("boom").await().atMost(WAIT))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
    }

    @Test
    void statsCountTheDispatches() {
        long before = defaultPool.stats().completed();
        work.plus(1, 1).join();

        assertThat(defaultPool.stats().completed()).isEqualTo(before + 1);
    }
}
