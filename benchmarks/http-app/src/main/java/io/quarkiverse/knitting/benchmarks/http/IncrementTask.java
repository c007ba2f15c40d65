package io.quarkiverse.knitting.benchmarks.http;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.TaskRef;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * A trivial body reachable two ways on the same one-lane pool {@code overhead}: as a {@code @Task} method (through the
 * interceptor) and as a {@link TaskRef} registered on the pool directly. {@link OverheadBenchmark} compares the two.
 * A third registration busy-waits {@value #SLOW_BODY_NANOS} ns before answering: long enough for an idle event loop
 * to block in its selector, so a caller on that loop pays for waking it up.
 * Nothing injects this bean (JMH looks it up), hence {@code @Unremovable}.
 */
@ApplicationScoped
@Unremovable
public class IncrementTask {

    static final long SLOW_BODY_NANOS = 5_000;

    private final TaskRef<Integer, Integer> direct;
    private final TaskRef<Integer, Integer> directSlow;

    IncrementTask(@Identifier("overhead") KnittingPool pool) {
        this.direct = pool.register("increment-direct", (Integer x) -> x + 1);
        this.directSlow = pool.register("increment-direct-after-5us", IncrementTask::incrementAfterBusyWait);
    }

    /** The body a {@code @Task} method needs: it must return a {@code Uni}, which its lane subscribes to. */
    @Task(pool = "overhead")
    public Uni<Integer> increment(int x) {
        return Uni.createFrom().item(x + 1);
    }

    /** The same body registered without the Quarkus layer: no interceptor, no context capture, no {@code Uni} body. */
    public TaskRef<Integer, Integer> direct() {
        return direct;
    }

    /** {@link #direct()} with a body that busy-waits {@value #SLOW_BODY_NANOS} ns first. */
    public TaskRef<Integer, Integer> directSlow() {
        return directSlow;
    }

    private static Integer incrementAfterBusyWait(Integer x) {
        long end = System.nanoTime() + SLOW_BODY_NANOS;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        return x + 1;
    }
}
