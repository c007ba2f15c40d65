package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;

/**
 * Stack overflows that strike in the engine's frames on paths the commit did not protect: a thread already deep in its
 * own (plain Java) recursion calling the pool, in place on a worker (fewer than 16 calls deep in place, so no
 * StackReserve check), or from a plain thread (queued path), or recursing through the inline lane.
 */
class AdversarialStackOverflowOutsideInPlaceTest extends PoolTestBase {

    private static final AtomicInteger sink = new AtomicInteger();
    /** Errors that escaped a call not answered (yet) when they escaped: where the overflow struck. */
    static final java.util.Queue<Throwable> escapes = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Dives until the stack overflows, then on the way back up makes one call of {@code task} from every frame: each
     * frame up has a little more room, so the overflow strikes at every point of the engine's dispatch in turn.
     */
    static void dive(int k, TaskRef<Integer, Integer> task) {
        if (k == 0) { // the paths the dive takes, once with room: no class initializer runs at the edge of the stack
            task.call(-1).subscribe().with(v -> sink.incrementAndGet(), f -> sink.incrementAndGet());
        }
        try {
            dive(k + 1, task);
        } catch (StackOverflowError deeper) {
            // the bottom
        }
        boolean[] answered = new boolean[1];
        try {
            task.call(k).subscribe().with(v -> answered[0] = true, f -> answered[0] = true);
        } catch (Throwable overflow) {
            // the call overflowed the stack: it must still be answered or never counted
            if (!answered[0] && escapes.size() < 100_000) {
                escapes.add(overflow);
            }
        }
    }

    /** Initializes, with room to spare, the classes a call, a failure and a shutdown use. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        try (KnittingPool warm = KnittingPool.builder().name("adv-warm").threads(1).inliner(false)
                .resolveAfterFinishingAll(true).build()) {
            TaskRef<Integer, Integer> t = warm.register("t", n -> {
                if (n < 0) {
                    throw new StackOverflowError("warm");
                }
                return n;
            });
            t.call(1).subscribe().with(v -> sink.incrementAndGet(), f -> sink.incrementAndGet());
            t.call(1).await().atMost(WAIT);
            try {
                t.call(-1).await().atMost(WAIT);
            } catch (Throwable expected) {
            }
            warm.shutdown().await().atMost(WAIT);
        }
    }

    /** A body on a worker lane, deep in its own recursion, calls an abortable task of its pool in place. */
    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 4, 5, 6 })
    void aBodyDeepInItsOwnRecursionCallingInPlace(int dives) throws Exception {
        pool = KnittingPool.builder().name("adv-own-rec-" + dives).threads(1).inliner(false).resolveAfterFinishingAll(true)
                .abortSignalCapacity(65_536).build();
        TaskRef<Integer, Integer> inner = pool.register("inner", new TaskOptions(-1, io.quarkiverse.knitting.OnTimeout.FAIL,
                true, -1, -1, -1), n -> n);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            for (int i = 0; i < dives; i++) {
                dive(0, inner);
            }
            return 7;
        });
        assertThat(outer.call(1).await().atMost(Duration.ofSeconds(60))).isEqualTo(7);
        assertEveryCallAnswered(true);
        closeGracefully();
    }

    /** A plain thread, deep in its own recursion, calls a pool of worker lanes (the queued path). */
    @ParameterizedTest
    @ValueSource(ints = { 256, 320, 384, 448, 512, 1024 })
    void aPlainCallerDeepInItsOwnRecursion(int stackKb) throws Exception {
        pool = KnittingPool.builder().name("adv-plain-rec-" + stackKb).threads(2).inliner(false).resolveAfterFinishingAll(true)
                .abortSignalCapacity(65_536).build();
        TaskRef<Integer, Integer> inner = pool.register("inner", new TaskOptions(-1, io.quarkiverse.knitting.OnTimeout.FAIL,
                true, -1, -1, -1), n -> n);
        Thread caller = new Thread(null, () -> dive(0, inner), "deep-caller", stackKb * 1024L);
        caller.start();
        caller.join(60_000);
        assertThat(caller.isAlive()).isFalse();
        Thread.sleep(300);
        for (WorkerLane lane : ((Pool) pool).lanes.workers) {
            // a queue with calls whose head is null: an offer overflowed between taking its slot and filling it
            System.err.println("LANE " + lane.index + " size=" + lane.queue.size() + " peek=" + lane.queue.relaxedPeek()
                    + " parked=" + lane.parked);
        }
        KnittingPool open = pool;
        try {
            closeGracefully();
        } finally {
            pool = open; // for the assertions; nulled again below when the pool could not close
            try {
                assertEveryCallAnswered(true);
            } finally {
                if (!((Pool) open).awaitTermination(Duration.ZERO)) {
                    pool = null;
                }
            }
        }
    }

    /** A body recursing through the inline lane (on the caller's own thread) until the stack overflows. */
    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 3, 5, 8 })
    void aRecursionThroughTheInlineLane(int padding) throws Exception {
        pool = KnittingPool.builder().name("adv-inline-rec-" + padding).threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).resolveAfterFinishingAll(true)
                .build();
        AtomicReference<TaskRef<Integer, Integer>> self = new AtomicReference<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        self.set(pool.register("rec", n -> {
            int padded = burn(padding);
            return n == 0 ? padded : 1 + padded + self.get().call(n - 1).await().atMost(WAIT);
        }));
        Thread caller = new Thread(null, () -> {
            try {
                outcome.set(new AssertionError("answered " + self.get().call(1_000_000).await().atMost(WAIT)));
            } catch (Throwable t) {
                outcome.set(t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause() : t);
            }
        }, "inline-caller", 512 * 1024);
        caller.start();
        caller.join(60_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(StackOverflowError.class);
        closeGracefully();
        assertEveryCallAnswered(false);
    }

    private static int burn(int frames) {
        return frames == 0 ? 0 : burn(frames - 1);
    }

    @org.junit.jupiter.api.BeforeEach
    void clearEscapes() {
        escapes.clear();
    }

    private void closeGracefully() {
        boolean terminated = false;
        try {
            pool.shutdown().subscribeAsCompletionStage();
            terminated = ((Pool) pool).awaitTermination(Duration.ofSeconds(5));
            assertThat(terminated).as("graceful shutdown completes; queued " + ((Pool) pool).queued.count() + "; "
                    + pool.stats()).isTrue();
        } finally {
            if (!terminated) {
                PoolStats s = pool.stats();
                System.err.println("NOT TERMINATED " + s + " queued=" + ((Pool) pool).queued.count());
                pool = null;
            }
        }
    }

    private void assertEveryCallAnswered(boolean abortable) {
        PoolStats s = pool.stats();
        String all = "queued=" + ((Pool) pool).queued.count() + " abortSlotsInUse=" + ((Pool) pool).abortSlots.inUse()
                + " " + s;
        System.err.println("STATE " + all);
        if (s.inFlight() != 0 || ((Pool) pool).queued.count() != 0) {
            java.util.Map<String, Integer> where = new java.util.TreeMap<>();
            for (Throwable t : escapes) {
                StringBuilder b = new StringBuilder();
                int n = 0;
                for (StackTraceElement e : t.getStackTrace()) {
                    if (e.getClassName().startsWith("io.quarkiverse.knitting.engine.Adversarial")) {
                        break;
                    }
                    if (e.getClassName().startsWith("io.quarkiverse") && n++ < 6) {
                        b.append(" < ").append(e.getClassName().replace("io.quarkiverse.knitting.engine.", ""))
                                .append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
                    }
                }
                where.merge(b.toString(), 1, Integer::sum);
            }
            where.forEach((k, v) -> System.err.println("ESCAPE x" + v + k));
        }
        s = pool.stats();
        assertThat(((Pool) pool).queued.count()).as("counted as queued; " + s).isZero();
        assertThat(s.inFlight()).as("in flight; " + s).isZero();
        assertThat(s.submitted()).as("submitted against outcomes; " + s)
                .isEqualTo(s.completed() + s.failed() + s.cancelled() + s.rejected());
        if (abortable) {
            assertThat(((Pool) pool).abortSlots.inUse()).as("abort slots; " + s).isZero();
        }
    }
}
