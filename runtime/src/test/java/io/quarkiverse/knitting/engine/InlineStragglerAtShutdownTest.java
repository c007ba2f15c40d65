package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Graceful shutdown with the inliner: a caller admitted before the shutdown but descheduled until after the shutdown
 * swept the batches ({@code InlineLane.closeBatches}) puts its call into a batch. It is taken from there at once and
 * sent to a lane, as the swept ones were; a first version left it there, the lanes stopped and the pool terminated
 * without running it, and a batched call cancelled there let the lanes stop with another accepted call still on its
 * way (found by an adversarial review, 2026-12-03).
 */
class InlineStragglerAtShutdownTest extends PoolTestBase {

    /** Runs turns only when the test says so. */
    static final class ManualExecutor implements Executor {
        final ConcurrentLinkedQueue<Runnable> turns = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable command) {
            turns.add(command);
        }

        void runAll() {
            Runnable r;
            while ((r = turns.poll()) != null) {
                r.run();
            }
        }
    }

    private final Map<Thread, CountDownLatch[]> pauses = new ConcurrentHashMap<>();

    /** Pauses the threads registered in {@code pauses} in pick(); inline lane (index 0) when allowed, unless told. */
    private Pool start(String name, Map<Thread, Boolean> wantsWorker) {
        LaneBalancer pausing = (lanes, from, to) -> {
            CountDownLatch[] latches = pauses.remove(Thread.currentThread());
            if (latches != null) {
                latches[0].countDown();
                try {
                    latches[1].await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean worker = Boolean.TRUE.equals(wantsWorker.get(Thread.currentThread()));
            return worker ? lanes[Math.max(from, 1)] : lanes[from];
        };
        Pool engine = Pool.start(KnittingPool.builder().name(name).threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).inlinerDispatchThreshold(1).hostSteal(false)
                .resolveAfterFinishingAll(true).settings(), pausing);
        pool = engine;
        return engine;
    }

    private CountDownLatch[] pause(Thread t) {
        CountDownLatch[] latches = { new CountDownLatch(1), new CountDownLatch(1) };
        pauses.put(t, latches);
        return latches;
    }

    private static String outcome(CompletableFuture<Integer> answer) throws Exception {
        try {
            return String.valueOf(answer.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException failed) {
            return failed.getCause().toString();
        }
    }

    @Test
    void anInlineCallAdmittedBeforeAGracefulShutdownRunsThoughItReachesItsBatchAfterCloseBatches() throws Exception {
        start("adv-inline-straggler", Map.of());
        TaskRef<Integer, Integer> twice = pool.register("twice", n -> n * 2);
        ManualExecutor loop = new ManualExecutor();
        AtomicReference<CompletableFuture<Integer>> answer = new AtomicReference<>();
        Thread caller = new Thread(() -> answer.set(twice.call(21, loop).subscribeAsCompletionStage()), "straggler");
        CountDownLatch[] latches = pause(caller);
        caller.start();
        assertThat(latches[0].await(10, TimeUnit.SECONDS)).isTrue(); // admitted, paused before it reaches its batch

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage(); // graceful: closeBatches ran
        latches[1].countDown();
        caller.join(10_000);
        try {
            stopped.get(2, TimeUnit.SECONDS); // the lanes stop: the batched call "is not on its way"
        } catch (java.util.concurrent.TimeoutException stillWaiting) {
            // fine: the shutdown waits for the call
        }
        boolean terminatedBeforeItsTurn = stopped.isDone();
        loop.runAll(); // the caller's turn comes
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(outcome(answer.get()))
                .as("accepted before a graceful shutdown (pool terminated before its turn: " + terminatedBeforeItsTurn
                        + ")")
                .isEqualTo("42");
        assertThat(pool.stats().inFlight()).isZero();
    }

    @Test
    void aCancelledStragglerInABatchDoesNotLetLanesStopWithAnotherCallOnItsWay() throws Exception {
        Map<Thread, Boolean> toWorker = new ConcurrentHashMap<>();
        start("adv-inline-inflate", toWorker);
        TaskRef<Integer, Integer> twice = pool.register("twice", n -> n * 2);
        ManualExecutor loop = new ManualExecutor();

        AtomicReference<Cancellable> straggler = new AtomicReference<>();
        Thread inlineCaller = new Thread(() -> straggler.set(twice.call(1, loop).subscribe().with(v -> {
        }, f -> {
        })), "inline-straggler");
        CountDownLatch[] a = pause(inlineCaller);
        inlineCaller.start();
        assertThat(a[0].await(10, TimeUnit.SECONDS)).isTrue();

        AtomicReference<CompletableFuture<Integer>> onItsWay = new AtomicReference<>();
        Thread workerCaller = new Thread(() -> onItsWay.set(twice.call(50).subscribeAsCompletionStage()),
                "worker-caller");
        toWorker.put(workerCaller, true);
        CountDownLatch[] b = pause(workerCaller);
        workerCaller.start();
        assertThat(b[0].await(10, TimeUnit.SECONDS)).isTrue(); // admitted, on its way to the worker lane

        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage(); // graceful
        a[1].countDown();
        inlineCaller.join(10_000); // the straggler is in its batch now
        straggler.get().cancel(); // leaves the queued count; stays counted as batched
        Thread.sleep(500); // several park-ms: a lane would stop now
        b[1].countDown();
        workerCaller.join(10_000);

        String result = outcome(onItsWay.get());
        loop.runAll();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(result).as("accepted before a graceful shutdown").isEqualTo("100");
        assertThat(pool.stats().inFlight()).isZero();
    }
}
