package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.HardTimeoutEvent;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.LaneReplacedEvent;
import io.quarkiverse.knitting.PoolClosedEvent;
import io.quarkiverse.knitting.PoolEvent;
import io.quarkiverse.knitting.PoolRestartedEvent;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.runtime.PoolRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Each pool event reaches CDI observers, synchronous and asynchronous, in order, off the pool's threads; an observer
 * that throws or blocks delays nothing but later events.
 */
class PoolEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Observer.class))
            .overrideConfigKey("knitting.\"restarting\".threads", "2")
            .overrideConfigKey("knitting.\"restarting\".worker.hard-timeout-ms", "100")
            .overrideConfigKey("knitting.\"restarting\".worker.hard-timeout-policy", "restart")
            .overrideConfigKey("knitting.\"closing\".worker.hard-timeout-ms", "100")
            .overrideConfigKey("knitting.\"closing\".worker.hard-timeout-policy", "shutdown");

    static class Work {
        @Task(pool = "restarting")
        Uni<String> stuck() {
            return Uni.createFrom().item(spinIgnoringInterrupts());
        }

        @Task(pool = "closing")
        Uni<String> stuckToo() {
            return Uni.createFrom().item(spinIgnoringInterrupts());
        }

        private static String spinIgnoringInterrupts() {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return "late";
        }
    }

    @ApplicationScoped
    static class Observer {
        static final List<PoolEvent> seen = new CopyOnWriteArrayList<>();
        static final List<PoolEvent> seenAsync = new CopyOnWriteArrayList<>();
        static final List<String> threads = new CopyOnWriteArrayList<>();

        void all(@Observes PoolEvent event) {
            seen.add(event);
            threads.add(Thread.currentThread().getName());
        }

        /** Called after the others (a higher priority value): its failure must not stop the next event. */
        void failing(@Observes @Priority(5000) PoolEvent event) {
            throw new IllegalStateException("an observer that fails must not stop the next event");
        }

        void async(@ObservesAsync PoolEvent event) {
            seenAsync.add(event);
        }

        void hardTimeoutsOnly(@Observes HardTimeoutEvent event) {
            threads.add(Thread.currentThread().getName());
        }
    }

    @Inject
    Work work;

    @Inject
    PoolRegistry pools;

    @Test
    void hardTimeoutRestartAndCloseAreObserved() {
        assertThat(failureOf(work.stuck())).hasMessageContaining("hard timeout");
        await().atMost(WAIT).until(() -> Observer.seen.size() >= 3);
        // either lane may run the call: with stealing, a spinning sibling takes what round-robin queued on a parked one
        assertThat(Observer.seen.get(0)).isInstanceOf(HardTimeoutEvent.class);
        int lane = ((HardTimeoutEvent) Observer.seen.get(0)).lane();
        assertThat(Observer.seen).containsExactly(
                new HardTimeoutEvent("restarting", taskName("stuck"), lane,
                        "knitting-restarting-" + lane + "-abandoned-1", HardTimeoutPolicy.RESTART, 1),
                new LaneReplacedEvent("restarting", lane, 1),
                new PoolRestartedEvent("restarting", 1));

        assertThat(failureOf(work.stuckToo())).hasMessageContaining("hard timeout");
        await().atMost(WAIT).until(() -> Observer.seen.size() >= 5);
        assertThat(Observer.seen.get(3)).isInstanceOf(HardTimeoutEvent.class)
                .extracting(event -> ((HardTimeoutEvent) event).policy()).isEqualTo(HardTimeoutPolicy.SHUTDOWN);
        assertThat(Observer.seen.get(4)).isInstanceOfSatisfying(PoolClosedEvent.class, closed -> {
            assertThat(closed.pool()).isEqualTo("closing");
            assertThat(closed.reason()).contains("hard timeout", "shutdown policy");
        });
        KnittingPool closing = pools.pool("closing");
        assertThat(closing.isShutdown()).isTrue();

        await().atMost(WAIT).until(() -> Observer.seenAsync.size() == 5);
        assertThat(Observer.seenAsync).containsExactlyInAnyOrderElementsOf(Observer.seen);
        assertThat(Observer.threads).hasSize(7).noneMatch(name -> name.startsWith("knitting-"));
    }

    private static Throwable failureOf(Uni<String> call) {
        return call.onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT);
    }

    private static String taskName(String method) {
        return Work.class.getName() + "#" + method + "()";
    }
}
