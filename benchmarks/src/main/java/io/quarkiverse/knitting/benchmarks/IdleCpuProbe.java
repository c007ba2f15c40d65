package io.quarkiverse.knitting.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * What an idle pool costs: after a burst of calls and a settle time longer than the spin budget, the CPU time its
 * threads use over one idle second, as a percentage of one core. A spinning handoff is measured too, as the control
 * that shows the probe sees a busy idle loop (it should read about 100%).
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
        System.out.printf("Idle CPU after a burst of %,d calls and %d ms of settling, over %d ms:%n", BURST, SETTLE_MS,
                IDLE_MS);

        try (KnittingPool pool = OneWorker.knittingPool()) {
            TaskRef<Integer, Integer> increment = pool.register("increment", OneWorker.INCREMENT);
            Integer argument = OneWorker.ARGUMENT;
            for (int i = 0; i < BURST; i++) {
                increment.call(argument).await().indefinitely();
            }
            report("knitting (threads=1, default timers)", "knitting-");
        }

        ThreadPoolExecutor executor = OneWorker.threadPoolExecutor();
        try {
            for (int i = 0; i < BURST; i++) {
                executor.submit(() -> OneWorker.ARGUMENT + 1).get();
            }
            report("ThreadPoolExecutor(1)", "tpe-");
        } finally {
            OneWorker.stop(executor);
        }

        try (SpinHandoff handoff = new SpinHandoff()) {
            ResultSlot slot = new ResultSlot();
            Runnable job = new IncrementJob(OneWorker.ARGUMENT, slot);
            for (int i = 0; i < BURST; i++) {
                slot.clear();
                handoff.execute(job);
                slot.awaitSpinning();
            }
            report("spin handoff (control, never parks)", "spin-handoff");
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
        System.out.printf("  %-40s %8.4f %% of one core (%d threads)%s%n", mechanism, 100.0 * total / elapsed,
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
