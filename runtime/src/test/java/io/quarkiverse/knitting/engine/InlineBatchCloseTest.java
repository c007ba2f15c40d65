package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * A graceful shutdown runs the inline calls waiting in a batch for their caller's turn. Waiting for that turn (as a
 * first fix did) deadlocks when the thread that closes the pool is that caller's executor (an event loop that stops
 * the pool, say): close() waits for the turn, the turn waits for close() to return. The shutdown moves those calls to
 * worker lanes instead ({@code InlineLane.closeBatches}).
 */
class InlineBatchCloseTest extends PoolTestBase {

    /** A single-threaded executor whose queue the test can drain by hand. */
    static final class Loop implements Executor {
        final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        final Thread thread = new Thread(this::loop, "event-loop-like");
        volatile boolean stop;

        Loop() {
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void execute(Runnable command) {
            queue.add(command);
        }

        private void loop() {
            while (!stop) {
                try {
                    Runnable r = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (r != null) {
                        r.run();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable t) {
                    // keep looping
                }
            }
        }

        void drainHere() {
            Runnable r;
            while ((r = queue.poll()) != null) {
                r.run();
            }
        }
    }

    @Test
    void closingThePoolOnTheExecutorOfAnInlineCallDoesNotHang() throws Exception {
        pool = KnittingPool.builder().name("adv-inline-close").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).resolveAfterFinishingAll(true)
                .build();
        TaskRef<Integer, Integer> twice = pool.register("twice", n -> n * 2);
        Loop loop = new Loop();
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<CompletableFuture<Integer>> answer = new AtomicReference<>();
        loop.execute(() -> {
            answer.set(twice.call(21, loop).subscribeAsCompletionStage()); // waits for this loop's next turn
            pool.close(); // e.g. a verticle's stop() closing the pool it uses
            closed.countDown();
        });
        boolean closeReturned = closed.await(5, TimeUnit.SECONDS);
        String where = closeReturned ? "" : stackOf(loop.thread);
        loop.drainHere(); // unstick: run the turn from the test thread
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        loop.drainHere();
        loop.stop = true;
        assertThat(closeReturned).as("close() on the caller's executor returned within 5 s; it was at:\n" + where)
                .isTrue();
        assertThat(answer.get().get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }

    static String stackOf(Thread t) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("    at ").append(e).append('\n');
        }
        return b.toString();
    }
}
