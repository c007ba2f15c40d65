package io.quarkiverse.knitting.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A balancer that holds one chosen caller inside {@code pick()}, after its call was admitted and before it reaches a
 * lane: a caller descheduled at the worst moment, made deterministic. Every other pick goes to {@code next}.
 */
final class PausingBalancer implements LaneBalancer {

    private final LaneBalancer next;
    private final AtomicReference<Thread> pauseOn = new AtomicReference<>();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);

    PausingBalancer(LaneBalancer next) {
        this.next = next;
    }

    /** The next pick made on {@code caller} waits until {@link #resume()}. */
    void pauseOn(Thread caller) {
        pauseOn.set(caller);
    }

    boolean awaitPaused() throws InterruptedException {
        return paused.await(10, TimeUnit.SECONDS);
    }

    void resume() {
        resume.countDown();
    }

    @Override
    public Lane pick(Lane[] lanes, int from, int to) {
        if (Thread.currentThread() == pauseOn.get()) {
            pauseOn.set(null);
            paused.countDown();
            try {
                resume.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return next.pick(lanes, from, to);
    }
}
