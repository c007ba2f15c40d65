package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A {@code @Task} body on the pool's only lane calls another {@code @Task} of the same pool whose {@code Uni} parameter
 * another thread completes later (a REST client's answer on an event loop, say), and waits for it. The inner call
 * cannot wait behind the body on the lane: it runs on a stand-in thread and the outer call is answered. It used to
 * wait for ever (no hard timeout by default).
 */
class ArrivingParameterOfAWaitingBodyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Outer.class, Inner.class))
            .overrideConfigKey("knitting.\"waits\".threads", "1");

    @ApplicationScoped
    static class Inner {
        private volatile String ranOn;

        String ranOn() { // a field read through the client proxy would not reach the bean
            return ranOn;
        }

        @Task(pool = "waits")
        Uni<Integer> plusOne(Uni<Integer> number) {
            ranOn = Thread.currentThread().getName();
            return number.map(n -> n + 1);
        }
    }

    @ApplicationScoped
    static class Outer {
        @Inject
        Inner inner;

        @Task(pool = "waits")
        Uni<Integer> waitForPlusOne(int number) throws Exception {
            CompletableFuture<Integer> arriving = new CompletableFuture<>();
            CompletableFuture<Integer> answer = inner.plusOne(Uni.createFrom().completionStage(arriving))
                    .subscribeAsCompletionStage();
            new Thread(() -> arriving.complete(number), "event-loop-like").start();
            return Uni.createFrom().item(answer.get(5, TimeUnit.SECONDS)); // the body blocks until it is answered
        }
    }

    @Inject
    Outer outer;

    @Inject
    Inner inner;

    @Test
    void theWaitingBodyIsAnswered() throws Exception {
        assertThat(outer.waitForPlusOne(41).await().atMost(WAIT)).isEqualTo(42);
        assertThat(inner.ranOn()).startsWith("knitting-waits-standin-");
    }
}
