package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskFunction;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * A call a body makes to a task of its own pool is part of the accepted call's work, not a new call waiting for a lane.
 * A graceful shutdown runs every accepted call, so it lets such calls run: in place, as the body's own calls always
 * do, and so do the calls of the output a body returns when its lane subscribes to it, and calls whose {@code Uni} or
 * {@code CompletionStage} argument is at hand. All of them used to be refused as calls on a closed pool, failing the
 * accepted call that made them (the last two found by an adversarial review, 2026-12-03). A call whose argument is
 * still pending is refused, as a caller's would be, and an immediate shutdown refuses them all.
 */
class NestedCallsAtShutdownTest extends PoolTestBase {

    private TaskRef<Integer, Integer> inner;
    /** Bodies of the output's call run, in the tests of a call counted as the shutdown begins. */
    private final AtomicInteger innerRuns = new AtomicInteger();

    @Test
    void aBodyRunningDuringAGracefulShutdownMayCallItsOwnPool() throws Exception {
        CompletableFuture<Integer> outer = outerCallAcross(true, n -> inner.call(n).await().atMost(WAIT) + 1);
        assertThat(outcome(outer)).isEqualTo("21");
        assertThat(pool.stats().failed()).isZero();
    }

    @Test
    void aBodyRunningDuringAnImmediateShutdownMayNot() throws Exception {
        CompletableFuture<Integer> outer = outerCallAcross(false, n -> inner.call(n).await().atMost(WAIT) + 1);
        assertThat(outcome(outer)).startsWith(PoolClosedException.class.getName());
    }

    @Test
    void soMayTheOutputABodyReturns() throws Exception {
        CompletableFuture<Integer> answer = asyncOuterQueuedAcrossAGracefulShutdown("output-at-shutdown",
                n -> inner.call(n).map(v -> v + 1));
        assertThat(outcome(answer)).isEqualTo("21");
        assertThat(pool.stats().failed()).isZero();
    }

    @Test
    void soMayACallOfTheOutputWithAUniArgumentAtHand() throws Exception {
        CompletableFuture<Integer> answer = asyncOuterQueuedAcrossAGracefulShutdown("output-uni-at-shutdown",
                n -> inner.callWith(Uni.createFrom().item(n), null).map(v -> v + 1));
        assertThat(outcome(answer)).isEqualTo("21");
        assertThat(pool.stats().failed()).isZero();
    }

    /**
     * The output's call read the pool open, and the shutdown began before it was counted (held in between by an
     * argument whose measurement waits): it runs in place rather than being refused.
     */
    @Test
    void soMayACallOfTheOutputCountedAsTheShutdownBegins() throws Exception {
        assertThat(outcome(outputCallCountedAsTheShutdownBegins(true))).isEqualTo("11");
        assertThat(pool.stats().failed()).isZero();
        assertThat(innerRuns).hasValue(1);
    }

    /**
     * The same call, counted as an immediate shutdown begins: refused, as an immediate shutdown refuses every call a
     * body makes. It used to run in place (found by a review, 2026-12-03).
     */
    @Test
    void anImmediateShutdownRefusesACallOfTheOutputCountedAsItBegins() throws Exception {
        assertThat(outcome(outputCallCountedAsTheShutdownBegins(false)))
                .startsWith(PoolClosedException.class.getName());
        assertThat(innerRuns).hasValue(0);
        PoolStats stats = pool.stats();
        assertThat(stats.submitted()).isEqualTo(stats.completed() + stats.failed() + stats.cancelled()
                + stats.rejected());
    }

    /** An async task whose output's call is held between reading the pool open and being counted, across a shutdown. */
    private CompletableFuture<Integer> outputCallCountedAsTheShutdownBegins(boolean graceful) throws Exception {
        pool = KnittingPool.builder().name("output-counted-at-shutdown-" + graceful).threads(1).inliner(false)
                .resolveAfterFinishingAll(graceful).build();
        TaskRef<List<Integer>, Integer> size = pool.register("size", list -> {
            innerRuns.incrementAndGet();
            return list.size();
        });
        SlowToMeasure slowToMeasure = new SlowToMeasure();
        TaskRef<Integer, Integer> outer = pool.registerAsync("outer", TaskOptions.defaults(),
                n -> size.call(slowToMeasure).map(v -> v + n));
        CompletableFuture<Integer> answer = outer.call(10).subscribeAsCompletionStage();
        assertThat(slowToMeasure.awaitMeasuring()).isTrue(); // the lane subscribes to the output
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        slowToMeasure.goOn();
        answer.handle((v, f) -> null).get(15, TimeUnit.SECONDS);
        stopped.get(15, TimeUnit.SECONDS);
        return answer;
    }

    @Test
    void soMayACallWithAUniArgumentAtHand() throws Exception {
        CompletableFuture<Integer> outer = outerCallAcross(true,
                n -> inner.callWith(Uni.createFrom().item(n), null).await().atMost(WAIT) + 1);
        assertThat(outcome(outer)).isEqualTo("21");
        assertThat(pool.stats().failed()).isZero();
    }

    @Test
    void soMayACallWithACompletionStageArgumentAtHand() throws Exception {
        pool = KnittingPool.builder().name("stage-at-shutdown").threads(1).inliner(false)
                .resolveAfterFinishingAll(true).build();
        TaskRef<Object, Integer> doubled = pool.register("doubled", o -> 2 * (Integer) ((Future<?>) o).get());
        CompletableFuture<Integer> outer = startOuter(n -> doubled.call(CompletableFuture.completedFuture(n))
                .await().atMost(WAIT) + 1);
        assertThat(outcome(outer)).isEqualTo("21");
    }

    /**
     * A task's hidden share task is registered on its first {@code callAll}, which a shut-down pool used to refuse
     * (found by an adversarial review, 2026-12-03).
     */
    @Test
    void soMayACallAllWhoseSharesAreRegisteredOnItsFirstUse() throws Exception {
        CompletableFuture<Integer> outer = outerCallAcross(true,
                n -> inner.callAll(List.of(1, 2, 3, 4, 5)).await().atMost(WAIT).stream().mapToInt(i -> i).sum());
        assertThat(outcome(outer)).isEqualTo("30");
        assertThat(pool.stats().failed()).isZero();
    }

    @Test
    void aCallWhoseArgumentIsStillPendingIsRefused() throws Exception {
        CompletableFuture<Integer> outer = outerCallAcross(true, n -> {
            Uni<Integer> never = Uni.createFrom().emitter(emitter -> {
            });
            try {
                return inner.callWith(never, null).await().atMost(WAIT);
            } catch (PoolClosedException refused) {
                return -1;
            }
        });
        assertThat(outcome(outer)).isEqualTo("-1");
        assertThat(((Pool) pool).awaitTermination(WAIT)).isTrue();
        PoolStats stats = pool.stats();
        assertThat(stats.submitted()).isEqualTo(stats.completed() + stats.failed() + stats.cancelled()
                + stats.rejected());
    }

    /**
     * An async task whose output calls its own pool, accepted before a graceful shutdown and queued behind a blocked
     * body, so that its lane runs it and subscribes to its output once the shutdown is under way.
     */
    private CompletableFuture<Integer> asyncOuterQueuedAcrossAGracefulShutdown(String name,
            Function<Integer, Uni<Integer>> output) throws Exception {
        pool = KnittingPool.builder().name(name).threads(1).inliner(false).resolveAfterFinishingAll(true).build();
        inner = pool.register("inner", n -> n * 2);
        CountDownLatch blocking = new CountDownLatch(1);
        TaskRef<Integer, Integer> gate = pool.register("gate", n -> {
            blocking.countDown();
            release.await();
            return n;
        });
        TaskRef<Integer, Integer> outer = pool.registerAsync("outer", TaskOptions.defaults(), output::apply);
        CompletableFuture<Integer> first = gate.call(0).subscribeAsCompletionStage();
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> answer = outer.call(10).subscribeAsCompletionStage(); // queued behind the gate
        pool.shutdown().subscribe().with(done -> {
        });
        assertThat(answer).isNotDone();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
        return answer;
    }

    /** Starts a body that calls its own pool once a shutdown (graceful or not) has begun. */
    private CompletableFuture<Integer> outerCallAcross(boolean graceful, TaskFunction<Integer, Integer> body) {
        pool = KnittingPool.builder().name("nested-at-shutdown-" + graceful).threads(1).inliner(false)
                .resolveAfterFinishingAll(graceful).build();
        inner = pool.register("inner", n -> n * 2);
        return startOuter(body);
    }

    private CompletableFuture<Integer> startOuter(TaskFunction<Integer, Integer> body) {
        CountDownLatch started = new CountDownLatch(1);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> {
            started.countDown();
            release.await(); // the shutdown begins meanwhile
            return body.apply(n);
        });
        CompletableFuture<Integer> answer = outer.call(10).subscribeAsCompletionStage();
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        pool.shutdown().subscribe().with(done -> {
        });
        assertThat(pool.isShutdown()).isTrue();
        release.countDown();
        return answer;
    }

    private static String outcome(CompletableFuture<Integer> answer) throws Exception {
        try {
            return String.valueOf(answer.get(15, TimeUnit.SECONDS));
        } catch (ExecutionException failed) {
            return failed.getCause().toString();
        }
    }
}
