package io.quarkiverse.knitting.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * What an idle pool costs: after a burst of calls and a settle time longer than every spin budget, the CPU time the
 * mechanism's threads use over one idle second, as a percentage of one core. Every mechanism has one worker thread
 * and default timers; the burst is {@value #BURST} round trips as {@link RoundTripBenchmark} makes them. The spin
 * handoff is the control that shows the probe sees a busy idle loop (it should read about 100%).
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.quarkiverse.knitting.benchmarks.IdleCpuProbe}
 */
public final class IdleCpuProbe {

    private static final int BURST = 10_000;
    /** Far beyond the default spin budget (50 µs) and several default park periods (50 ms). */
    private static final long SETTLE_MS = 200;
    private static final long IDLE_MS = 1_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private IdleCpuProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("This JVM cannot measure per-thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        System.out.printf("Idle CPU after a burst of %,d calls and %d ms of settling, over %d ms (Java %d):%n", BURST,
                SETTLE_MS, IDLE_MS, VirtualThreads.JAVA);

        probe("knitting (threads=1, default timers)", new Knitting());
        probe("ThreadPoolExecutor(1)", new ThreadPool());
        probe("ForkJoinPool(1)", new ForkJoin());
        probe("EnhancedQueueExecutor(1)", new EnhancedQueue());
        probe("Vert.x executeBlocking (1 event loop, 1 worker)", new VertxBlocking());
        if (VirtualThreads.available()) {
            probe("virtual threads (1 carrier)", new VirtualThreads());
        } else {
            System.out.printf("  %-48s skipped: virtual threads need Java 21 or later%n", "virtual threads");
        }
        probe("spin handoff (control, never parks)", new SpinHandoffFloor());
    }

    /** Starts the mechanism with one worker, runs the burst, reports, stops it. */
    private static void probe(String label, Mechanism mechanism) throws Exception {
        mechanism.start(1);
        try {
            ResultSlot slot = new ResultSlot();
            Runnable call = mechanism.increment(slot);
            for (int i = 0; i < BURST; i++) {
                slot.clear();
                call.run();
                slot.awaitSpinning();
            }
            report(label, mechanism.threadPrefix());
        } finally {
            mechanism.close();
        }
    }

    /** Settles, then prints the CPU the threads named {@code prefix*} used over the idle window. */
    private static void report(String mechanism, String prefix) throws InterruptedException {
        Thread.sleep(SETTLE_MS);
        Map<Long, String> names = threadsNamed(prefix);
        Map<Long, Long> before = cpuTimes(names);
        long start = System.nanoTime();
        Thread.sleep(IDLE_MS);
        Map<Long, Long> after = cpuTimes(names);
        long elapsed = System.nanoTime() - start;

        long total = 0;
        StringBuilder perThread = new StringBuilder();
        for (Map.Entry<Long, Long> end : after.entrySet()) {
            Long begin = before.get(end.getKey());
            if (begin == null) {
                continue; // the thread was not alive at the start of the window
            }
            long used = end.getValue() - begin;
            total += used;
            perThread.append(String.format("%n    %-28s %8.4f %%", names.get(end.getKey()), 100.0 * used / elapsed));
        }
        System.out.printf("  %-48s %8.4f %% of one core (%d threads)%s%n", mechanism, 100.0 * total / elapsed,
                names.size(), perThread);
    }

    private static Map<Long, String> threadsNamed(String prefix) {
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("No live thread is named " + prefix + "*");
        }
        return names;
    }

    /** CPU nanoseconds of each thread still alive; a thread that died is left out. */
    private static Map<Long, Long> cpuTimes(Map<Long, String> names) {
        Map<Long, Long> times = new HashMap<>();
        for (Long id : names.keySet()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                times.put(id, cpu);
            }
        }
        return times;
    }
}
