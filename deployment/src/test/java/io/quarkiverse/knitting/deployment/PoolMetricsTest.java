package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/** With Quarkus Micrometer, a known mix of calls shows up exactly in a real registry. */
class PoolMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Registry.class))
            .overrideConfigKey("knitting.max-queued", "1");

    static class Registry {
        @Produces
        @Singleton
        SimpleMeterRegistry simple() {
            return new SimpleMeterRegistry();
        }
    }

    static class Work {
        static final CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch holding = new CountDownLatch(1);

        @Task
        Uni<String> ok(String s) {
            return Uni.createFrom().item(s);
        }

        @Task
        Uni<String> boom() {
            throw new IllegalStateException("boom");
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
    MeterRegistry registry;

    @Inject
    KnittingPool pool;

    @AfterEach
    void release() {
        Work.release.countDown();
    }

    private double calls(String outcome) {
        return registry.get("knitting.calls").tag("pool", "default").tag("outcome", outcome).functionCounter().count();
    }

    private double gauge(String name) {
        return registry.get(name).tag("pool", "default").gauge().value();
    }

    @Test
    void countersAndGaugesMatchAKnownMixOfCalls() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(work.ok("x" + i).await().atMost(WAIT)).isEqualTo("x" + i);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(work.boom().onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT))
                    .isInstanceOf(IllegalStateException.class);
        }
        work.hold().subscribe().with(item -> {
        });
        assertThat(Work.holding.await(10, TimeUnit.SECONDS)).isTrue();
        Cancellable waiting = work.ok("waits").subscribe().with(item -> {
        });
        assertThat(gauge("knitting.queued")).isEqualTo(1);
        assertThat(gauge("knitting.in.flight")).isEqualTo(2);
        work.ok("rejected").subscribe().with(item -> {
        }, failure -> {
        });
        waiting.cancel();
        Work.release.countDown();
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);

        assertThat(calls("completed")).isEqualTo(4); // three ok, one hold
        assertThat(calls("failed")).isEqualTo(2);
        assertThat(calls("rejected")).isEqualTo(1);
        assertThat(calls("cancelled")).isEqualTo(1);
        assertThat(gauge("knitting.queued")).isZero();
        assertThat(gauge("knitting.lanes")).isEqualTo(1);
        assertThat(gauge("knitting.generation")).isZero();
        assertThat(gauge("knitting.abandoned.threads")).isZero();
        assertThat(registry.get("knitting.stuck.calls").tag("pool", "default").functionCounter().count()).isZero();
    }
}
