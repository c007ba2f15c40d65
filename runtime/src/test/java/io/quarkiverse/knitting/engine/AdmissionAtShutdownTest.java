package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskRef;

/**
 * A caller that read "open" before a graceful shutdown began, and counted itself as queued only after the lanes had
 * found nothing queued and stopped, used to send its call to a stopped lane: the call was accepted, then failed as
 * closed, against the promise that a graceful shutdown runs every accepted call. Admission now reads the closed flag
 * again once the call is counted (the shutdown sets the flag before it counts): the call is refused instead, like any
 * call made after the shutdown. The caller is held between the two reads by an argument whose measurement waits.
 */
class AdmissionAtShutdownTest extends PoolTestBase {

    @Test
    void aCallCountedAfterTheLanesStoppedIsRefusedNotFailed() throws Exception {
        pool = KnittingPool.builder().name("admission-at-shutdown").threads(1).inliner(false).build();
        TaskRef<List<Integer>, Integer> size = pool.register("size", List::size);

        SlowToMeasure slowToMeasure = new SlowToMeasure();
        AtomicReference<CompletableFuture<Integer>> answer = new AtomicReference<>();
        Thread caller = new Thread(() -> answer.set(size.call(slowToMeasure).subscribeAsCompletionStage()),
                "late-caller");
        caller.start();
        assertThat(slowToMeasure.awaitMeasuring()).isTrue();

        pool.shutdown().await().atMost(WAIT); // graceful: nothing is queued, so the lane stops and the pool ends
        slowToMeasure.goOn();
        caller.join(10_000);

        assertThat(answer.get()).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(PoolClosedException.class);
        PoolStats stats = pool.stats();
        assertThat(stats.failed()).as("failed calls (an accepted call the graceful shutdown did not run)").isZero();
        assertThat(stats.rejected()).as("rejected calls").isEqualTo(1);
        assertThat(stats.submitted()).isEqualTo(stats.completed() + stats.failed() + stats.cancelled()
                + stats.rejected());
    }
}
