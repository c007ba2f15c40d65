package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * With Quarkus Micrometer, a known mix of calls (completed, failing, timing out, past the hard timeout, rejected,
 * cancelled) shows up exactly in a real registry: every counter by task and outcome, every timer count, and per pool
 * the sum over tasks and outcomes equals the calls submitted.
 */
class PoolMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, SimpleRegistryProducer.class))
            .overrideConfigKey("knitting.max-queued", "1")
            .overrideConfigKey("knitting.metrics.timer-sampling", "1") // every call timed: exact timer counts
            .overrideConfigKey("knitting.\"timed\".metrics.timer-sampling", "1")
            .overrideConfigKey("knitting.\"hard\".metrics.timer-sampling", "1")
            .overrideConfigKey("knitting.\"hard\".worker.hard-timeout-ms", "100")
            .overrideConfigKey("knitting.\"hard\".worker.hard-timeout-policy", "replace-lane");

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

        @Task(pool = "timed", timeoutMs = 50)
        Uni<String> late() throws InterruptedException {
            Thread.sleep(300);
            return Uni.createFrom().item("late");
        }

        /** Runs past the hard timeout and ignores the interrupt, then ends by itself. */
        @Task(pool = "hard")
        Uni<String> runaway() {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return Uni.createFrom().item("too late");
        }
    }

    @Inject
    Work work;

    @Inject
    MeterRegistry registry;

    @Inject
    PoolRegistry pools;

    @AfterEach
    void release() {
        Work.release.countDown();
    }

    @Test
    void countersTimersAndGaugesMatchAKnownMixOfCalls() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(work.ok("x" + i).await().atMost(WAIT)).isEqualTo("x" + i);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(failureOf(work.boom())).isInstanceOf(IllegalStateException.class);
        }
        assertThat(failureOf(work.late())).hasMessageContaining("timed out");
        assertThat(failureOf(work.runaway())).hasMessageContaining("hard timeout");

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
        // bodies that outlived their answer (the timed-out and the abandoned one) end, and their run is timed
        await().atMost(WAIT).until(() -> pools.started().values().stream().allMatch(p -> p.stats().inFlight() == 0)
                && timer("knitting.run", "timed", "late").count() == 1
                && timer("knitting.run", "hard", "runaway").count() == 1
                && timer("knitting.run", "default", "hold").count() == 1);

        assertCalls("default", "ok", Map.of("completed", 3, "rejected", 1, "cancelled", 1));
        assertCalls("default", "boom", Map.of("failed", 2));
        assertCalls("default", "hold", Map.of("completed", 1));
        assertCalls("timed", "late", Map.of("timeout", 1));
        assertCalls("hard", "runaway", Map.of("hard-timeout", 1));
        assertTimers("default", "ok", 3);
        assertTimers("default", "boom", 2);
        assertTimers("default", "hold", 1);
        assertTimers("timed", "late", 1);
        assertTimers("hard", "runaway", 1);
        for (String pool : new String[] { "default", "timed", "hard" }) {
            PoolStats stats = pools.started().get(pool).stats();
            assertThat(Search.in(registry).name("knitting.calls").tag("pool", pool).functionCounters().stream()
                    .mapToDouble(FunctionCounter::count).sum()).as(pool).isEqualTo(stats.submitted());
        }

        assertThat(gauge("knitting.queued")).isZero();
        assertThat(gauge("knitting.lanes")).isEqualTo(1);
        assertThat(gauge("knitting.generation")).isZero();
        assertThat(gauge("knitting.abandoned.threads")).isZero();
        assertThat(registry.get("knitting.generation").tag("pool", "hard").gauge().value()).isEqualTo(1);
        assertThat(registry.get("knitting.stuck.calls").tag("pool", "default").functionCounter().count()).isZero();
        double spun = registry.get("knitting.lane.idle.spin").tags("pool", "default", "lane", "0").functionCounter()
                .count();
        double parked = registry.get("knitting.lane.idle.park").tags("pool", "default", "lane", "0")
                .functionCounter().count();
        assertThat(spun).isPositive(); // each call above was followed by a spin
        assertThat(parked).isPositive(); // and the lane parked while the test waited
    }

    private static Throwable failureOf(Uni<String> call) {
        return call.onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT);
    }

    private void assertCalls(String pool, String method, Map<String, Integer> expected) {
        for (String outcome : new String[] { "completed", "failed", "timeout", "hard-timeout", "cancelled",
                "rejected" }) {
            double count = registry.get("knitting.calls").tags("pool", pool, "task", task(method), "outcome", outcome)
                    .functionCounter().count();
            assertThat(count).as(method + " " + outcome).isEqualTo((double) expected.getOrDefault(outcome, 0));
        }
    }

    private void assertTimers(String pool, String method, int started) {
        FunctionTimer wait = timer("knitting.queue.wait", pool, method);
        FunctionTimer run = timer("knitting.run", pool, method);
        assertThat(wait.count()).as(method + " queue wait").isEqualTo((double) started);
        assertThat(run.count()).as(method + " run").isEqualTo((double) started);
        assertThat(run.totalTime(TimeUnit.NANOSECONDS)).as(method + " run time").isPositive();
        assertThat(wait.totalTime(TimeUnit.NANOSECONDS)).as(method + " queue wait time").isNotNegative();
    }

    private FunctionTimer timer(String name, String pool, String method) {
        return registry.get(name).tags("pool", pool, "task", task(method)).functionTimer();
    }

    private double gauge(String name) {
        return registry.get(name).tag("pool", "default").gauge().value();
    }

    /** The task tag of a method of {@link Work}: its registered name. */
    private static String task(String method) {
        for (Method candidate : Work.class.getDeclaredMethods()) {
            if (candidate.getName().equals(method)) {
                StringBuilder name = new StringBuilder(Work.class.getName()).append('#').append(method).append('(');
                Class<?>[] types = candidate.getParameterTypes();
                for (int i = 0; i < types.length; i++) {
                    name.append(i == 0 ? "" : ", ").append(types[i].getName());
                }
                return name.append(')').toString();
            }
        }
        throw new IllegalArgumentException(method);
    }
}
