package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The throughput floor for batches: a bounded single-producer single-consumer ring drained by a worker that spins
 * (never parks). No padding and no batching tricks; it is the simplest pipelined handoff, not the fastest possible.
 * <p>
 * Contract: exactly one thread calls {@link #execute}; only the ring's worker consumes. A full ring makes the
 * caller spin until the worker frees a slot.
 */
final class SpinRing implements SpinFloor.Floor {

    private final Runnable[] buffer;
    private final int mask;
    /** Next sequence the worker takes; written by the worker only, with release stores (lazySet). */
    private final AtomicLong head = new AtomicLong();
    /** Next sequence the caller fills; written by the caller only, with release stores that publish the slot. */
    private final AtomicLong tail = new AtomicLong();
    private volatile boolean running = true;
    private final Thread worker = new Thread(this::work, "spin-ring");

    /** {@code capacity} must be a power of two. */
    SpinRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        buffer = new Runnable[capacity];
        mask = capacity - 1;
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void execute(Runnable job) {
        long sequence = tail.get();
        while (sequence - head.get() == buffer.length) {
            Thread.onSpinWait();
        }
        buffer[(int) sequence & mask] = job;
        tail.lazySet(sequence + 1); // release: the slot is written before the worker can see the new tail
    }

    private void work() {
        long sequence = 0;
        while (running) {
            if (sequence == tail.get()) {
                Thread.onSpinWait();
                continue;
            }
            int index = (int) sequence & mask;
            Runnable job = buffer[index];
            buffer[index] = null;
            head.lazySet(++sequence); // release: the slot is cleared before the caller may refill it
            job.run();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.join();
    }
}
