package io.quarkiverse.knitting.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many idle workers may spin at once in this JVM, across every pool: the processors the JVM may use, minus one
 * for the threads that hand work to the lanes (an event loop, a caller waiting for its answer). A worker that finds
 * no permit parks at once instead of spinning.
 * <p>
 * Why a bound and not a yield: a spinning worker that yields now and then does hand its core over, but on Linux's
 * EEVDF scheduler every {@code sched_yield} pushes the thread's virtual deadline one slice further, and the thread
 * keeps that debt through a short sleep: woken later on the core of a busy caller, it cannot preempt the caller and
 * waits for the next scheduler tick (measured: 3.8 ms instead of 55 µs after 20 ms idle). With spinners bounded
 * below the processor count, no spinner needs to yield to another. A worker does yield once as it takes a permit
 * ({@link ParkGate#yieldBeforeLongSpin}), for a thread already queued on its core: the kernel ignores a yield when the
 * core has nothing else queued, so that one yield adds no debt to a worker that spins alone.
 */
final class SpinPermits {

    private static final AtomicInteger FREE = new AtomicInteger(Math.max(0,
            Runtime.getRuntime().availableProcessors() - 1));

    private SpinPermits() {
    }

    static boolean tryAcquire() {
        for (;;) {
            int free = FREE.get();
            if (free <= 0) {
                return false;
            }
            if (FREE.compareAndSet(free, free - 1)) {
                return true;
            }
        }
    }

    static void release() {
        FREE.incrementAndGet();
    }

    /** Permits no worker holds now. */
    static int free() {
        return FREE.get();
    }
}
