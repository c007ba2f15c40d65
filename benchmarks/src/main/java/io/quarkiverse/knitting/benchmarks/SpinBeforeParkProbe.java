package io.quarkiverse.knitting.benchmarks;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The platform's part of a wake-up after idle (issue "a call after idle"), with no engine involved: a plain worker
 * thread and a caller that keeps its core busy. Before each measured wake-up the two make a burst of round trips
 * ({@value #BURST}), then the caller sleeps for the idle time while the worker, after its last call, optionally spins
 * for a while before it parks, as a knitting lane does with {@code worker.timers.spin-microseconds}. The probe prints
 * how long the woken worker takes to run (p50 and p90 of {@value #SAMPLES} wake-ups).
 * <p>
 * On this project's 2-core VM (2026-11-30, JDK 17) a worker that parked at once woke in 9-13 µs at p50, one that spun
 * 50 µs first in 66-70 µs at p50 and 2.8 ms at p90 (a scheduler tick); yielding in the spin made it 1.4-1.7 ms at p50.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.quarkiverse.knitting.benchmarks.SpinBeforeParkProbe
 * <idle ms> <spin µs> [yield]}
 */
public final class SpinBeforeParkProbe {

    private static final int BURST = 500;
    private static final int SAMPLES = 200;
    private static final int DISCARDED = 20;

    private static volatile boolean work;
    private static volatile long ranAt;

    private SpinBeforeParkProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        long idleMillis = Long.parseLong(args[0]);
        long spinNanos = Long.parseLong(args[1]) * 1_000;
        boolean yieldWhileSpinning = args.length > 2 && args[2].equals("yield");
        Thread worker = new Thread(() -> serve(spinNanos, yieldWhileSpinning), "probe-worker");
        worker.setDaemon(true);
        worker.start();

        long[] wakeNanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES + DISCARDED; i++) {
            for (int call = 0; call < BURST; call++) {
                roundTrip(worker);
            }
            Thread.sleep(idleMillis);
            long sent = System.nanoTime();
            long ran = roundTrip(worker);
            if (i >= DISCARDED) {
                wakeNanos[i - DISCARDED] = ran - sent;
            }
        }
        Arrays.sort(wakeNanos);
        System.out.printf("idle %d ms, spin %d us%s: the woken worker ran after p50 %.1f us, p90 %.1f us%n", idleMillis,
                spinNanos / 1_000, yieldWhileSpinning ? " (yielding)" : "", wakeNanos[SAMPLES / 2] / 1_000.0,
                wakeNanos[SAMPLES * 9 / 10] / 1_000.0);
    }

    /** Hands the worker one piece of work and spins until it has run it; returns when it ran. */
    private static long roundTrip(Thread worker) {
        long before = ranAt;
        work = true;
        LockSupport.unpark(worker);
        while (ranAt == before) {
            Thread.onSpinWait();
        }
        return ranAt;
    }

    private static void serve(long spinNanos, boolean yieldWhileSpinning) {
        for (;;) {
            long spinUntil = System.nanoTime() + spinNanos;
            while (!work && System.nanoTime() - spinUntil < 0) {
                if (yieldWhileSpinning) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            while (!work) {
                LockSupport.parkNanos(50_000_000L); // a lane's default longest park with one thread
            }
            work = false;
            ranAt = System.nanoTime();
        }
    }
}
