package io.quarkiverse.knitting.engine;

import java.util.AbstractList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-element list whose measurement waits: the payload guard walks an argument after the caller read the pool's
 * state and before the call is counted, so this holds a caller right there until {@link #goOn()}.
 */
final class SlowToMeasure extends AbstractList<Integer> {

    private final CountDownLatch measuring = new CountDownLatch(1);
    private final CountDownLatch goOn = new CountDownLatch(1);

    /** Waits until a caller is measuring this list. */
    boolean awaitMeasuring() throws InterruptedException {
        return measuring.await(10, TimeUnit.SECONDS);
    }

    void goOn() {
        goOn.countDown();
    }

    @Override
    public Integer get(int index) {
        measuring.countDown();
        try {
            goOn.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return index;
    }

    @Override
    public int size() {
        return 1;
    }
}
