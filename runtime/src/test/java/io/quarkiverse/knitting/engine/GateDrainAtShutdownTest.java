package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;

/**
 * A graceful shutdown runs every call accepted before it, those waiting for a concurrency permit included. Lanes used
 * to stop once their own queue was empty, after draining the gates (a no-op while another thread held a gate's
 * drain): a caller descheduled inside that drain then sent its call to a stopped lane, where it failed as closed, and
 * the permit it gave back failed the next waiting call too (found by an adversarial review, 2026-12-03). A lane now
 * stops only once every accepted call has started ({@code Pool.noCallOnItsWayToALane}). The caller is descheduled
 * deterministically by a balancer that pauses in {@code pick()}.
 */
class GateDrainAtShutdownTest extends PoolTestBase {

    @Test
    void callsAcceptedBeforeAGracefulShutdownRunThoughAnotherThreadHeldTheGatesDrain() throws Exception {
        PausingBalancer pausing = new PausingBalancer(new RoundRobinBalancer());
        Pool engine = Pool.start(KnittingPool.builder().name("adv-gate-drain").threads(2).hostSteal(false)
                .resolveAfterFinishingAll(true).settings(), pausing);
        pool = engine;
        TaskRef<Integer, Integer> limited = pool.register("limited", TaskOptions.defaults().withMaxConcurrency(1),
                n -> n * 10);

        AtomicReference<CompletableFuture<Integer>> first = new AtomicReference<>();
        Thread slowCaller = new Thread(() -> first.set(limited.call(1).subscribeAsCompletionStage()), "slow-caller");
        pausing.pauseOn(slowCaller);
        slowCaller.start();
        assertThat(pausing.awaitPaused()).isTrue(); // accepted, permit taken, drain held

        CompletableFuture<Integer> second = limited.call(2).subscribeAsCompletionStage(); // accepted, waits
        assertThat(second).isNotDone();

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage(); // graceful
        // the lanes used to stop here, with both calls on their way; they wait for every accepted call now
        await().during(java.time.Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> engine.laneViews().stream().noneMatch(v -> v.state().equals("stopped")));
        pausing.resume();
        slowCaller.join(10_000);

        String firstOutcome = outcome(first.get());
        String secondOutcome = outcome(second);
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(firstOutcome + " / " + secondOutcome)
                .as("both calls were accepted before the graceful shutdown").isEqualTo("10 / 20");
        assertThat(pool.stats().inFlight()).isZero();
    }

    private static String outcome(CompletableFuture<Integer> answer) throws Exception {
        try {
            return String.valueOf(answer.get(10, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException failed) {
            return failed.getCause().toString();
        }
    }
}
