package io.quarkiverse.knitting.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a woken worker runs, and how soon, with no engine involved (the placement table on the engine page, "A call
 * after idle"). A plain worker thread and a caller make a burst of round trips ({@code -Dburst}, default 500), the
 * caller sleeps for the idle time while the worker spins for a while and parks, then the caller hands over one call
 * and measures when the worker ran it. The caller either spins on the answer ({@code busy}), spins after one
 * {@code Thread.yield()} ({@code busy-yield}), or parks ({@code parks}). Prints p50/p90/p99 of the wake and how
 * often the worker ran on the CPU the caller is on, read from {@code /proc/thread-self/stat} after the call.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.quarkiverse.knitting.benchmarks.WakePlacementProbe
 * <idle ms> <worker spin µs> busy|busy-yield|parks}
 */
public final class WakePlacementProbe {

    private static final int BURST = Integer.getInteger("burst", 500);
    private static final int SAMPLES = 200;
    private static final int DISCARDED = 20;

    private static volatile boolean work;
    private static volatile long ranAt;
    private static volatile int workerCpu;

    private WakePlacementProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        long idleMillis = Long.parseLong(args[0]);
        long spinNanos = Long.parseLong(args[1]) * 1_000;
        String caller = args[2];
        Thread callerThread = Thread.currentThread();
        Thread worker = new Thread(() -> serve(spinNanos, caller.equals("parks") ? callerThread : null), "probe-worker");
        worker.setDaemon(true);
        worker.start();

        long[] wakeNanos = new long[SAMPLES];
        int onCallersCpu = 0;
        for (int i = 0; i < SAMPLES + DISCARDED; i++) {
            for (int call = 0; call < BURST; call++) {
                roundTrip(worker, "busy");
            }
            Thread.sleep(idleMillis);
            long sent = System.nanoTime();
            long ran = roundTrip(worker, caller);
            if (i >= DISCARDED) {
                wakeNanos[i - DISCARDED] = ran - sent;
                onCallersCpu += cpu() == workerCpu ? 1 : 0;
            }
        }
        Arrays.sort(wakeNanos);
        System.out.printf("burst %d, idle %d ms, worker spin %d us, caller %s: wake p50 %.1f us, p90 %.1f us, p99 %.1f us;"
                + " on the caller's CPU %d of %d%n", BURST, idleMillis, spinNanos / 1_000, caller,
                wakeNanos[SAMPLES / 2] / 1_000.0, wakeNanos[SAMPLES * 9 / 10] / 1_000.0,
                wakeNanos[SAMPLES * 99 / 100] / 1_000.0, onCallersCpu, SAMPLES);
    }

    private static long roundTrip(Thread worker, String caller) {
        long before = ranAt;
        work = true;
        LockSupport.unpark(worker);
        if (caller.equals("parks")) {
            while (ranAt == before) {
                LockSupport.park();
            }
            return ranAt;
        }
        if (caller.equals("busy-yield")) {
            Thread.yield();
        }
        while (ranAt == before) {
            Thread.onSpinWait();
        }
        return ranAt;
    }

    private static void serve(long spinNanos, Thread parkedCaller) {
        for (;;) {
            long spinUntil = System.nanoTime() + spinNanos;
            while (!work && System.nanoTime() - spinUntil < 0) {
                Thread.onSpinWait();
            }
            while (!work) {
                LockSupport.parkNanos(50_000_000L);
            }
            work = false;
            ranAt = System.nanoTime();
            if (parkedCaller != null) {
                LockSupport.unpark(parkedCaller);
            }
            workerCpu = cpu();
        }
    }

    /** The CPU the calling thread last ran on (field 39 of {@code /proc/thread-self/stat}). */
    private static int cpu() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[36]);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }
}
