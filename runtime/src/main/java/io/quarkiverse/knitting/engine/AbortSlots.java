package io.quarkiverse.knitting.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** Bounds the abortable calls in flight at once ({@code abort-signal-capacity}). */
final class AbortSlots {

    private final int capacity;
    private final AtomicInteger used = new AtomicInteger();

    AbortSlots(int capacity) {
        this.capacity = capacity;
    }

    boolean tryAcquire() {
        for (;;) {
            int current = used.get();
            if (current >= capacity) {
                return false;
            }
            if (used.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        used.decrementAndGet();
    }

    int inUse() {
        return used.get();
    }

    int capacity() {
        return capacity;
    }
}
