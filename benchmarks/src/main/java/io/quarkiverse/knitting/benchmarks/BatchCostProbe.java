package io.quarkiverse.knitting.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkiverse.knitting.TaskRef;

/**
 * Where the time of a batch goes, for one caller and one worker: the caller's cost per call while the worker is held
 * busy (so no line the caller writes is being read on the other core), the worker's cost per call on a queue filled
 * beforehand (the caller parks meanwhile), and the two overlapped as {@link BatchBenchmark} runs them. When the
 * overlapped figure is well above the larger of the two alone, the difference is what passing the calls' cache lines
 * between the cores costs. The three are measured in turns, batch after batch, so a change of the machine's state hits
 * them alike; and the whole probe runs in passes, one mechanism after the other, reporting the median pass.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.quarkiverse.knitting.benchmarks.BatchCostProbe}, optionally
 * followed by the number of passes (3) and of batches measured per figure (2000).
 */
public final class BatchCostProbe {

    private static final int BATCH = 1000;
    /** Batches measured per side and pass, unless the second argument says otherwise; as many again warm up first. */
    private static final int DEFAULT_TURNS = 2_000;
    /** Passes over all mechanisms, unless the first argument says otherwise; the median pass is reported. */
    private static final int DEFAULT_PASSES = 3;

    private BatchCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int passCount = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PASSES;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_TURNS;
        System.out.printf("Where a batch of %,d calls spends its time, one caller and one worker: ns per call, median "
                + "of %,d batches each, then the median of %d passes (Java %d):%n", BATCH, turns, passCount,
                VirtualThreads.JAVA);
        Map<String, List<double[]>> passes = new LinkedHashMap<>();
        for (int pass = 1; pass <= passCount; pass++) {
            record("knitting", passes, pass, turns, new Knitting(), mechanism -> holdOn((Knitting) mechanism));
            record("EnhancedQueueExecutor", passes, pass, turns, new EnhancedQueue(),
                    mechanism -> holdOn((ExecutorMechanism) mechanism));
            record("ThreadPoolExecutor", passes, pass, turns, new ThreadPool(),
                    mechanism -> holdOn((ExecutorMechanism) mechanism));
            record("spin ring (floor)", passes, pass, turns, new SpinRingFloor(),
                    mechanism -> holdOn((ExecutorMechanism) mechanism));
        }
        for (Map.Entry<String, List<double[]>> mechanism : passes.entrySet()) {
            List<double[]> results = mechanism.getValue();
            System.out.printf("  %-28s dispatch alone %8.1f   drain alone %8.1f   overlapped %8.1f%n",
                    mechanism.getKey(), median(results, 0), median(results, 1), median(results, 2));
        }
    }

    private static void record(String label, Map<String, List<double[]>> passes, int pass, int turns,
            Mechanism mechanism, Function<Mechanism, Hold> holder) throws Exception {
        double[] result = probe(mechanism, turns, () -> holder.apply(mechanism));
        System.out.printf("    pass %d, %-20s dispatch %8.1f, drain %8.1f, overlapped %8.1f%n", pass, label,
                result[0], result[1], result[2]);
        passes.computeIfAbsent(label, key -> new ArrayList<>()).add(result);
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(result -> result[column]).sorted().toArray();
        return values[values.length / 2];
    }

    /** Sends one call that keeps the worker busy until {@link Hold#release}. */
    private interface Holder {
        Hold hold();
    }

    private static Hold holdOn(Knitting knitting) {
        Hold hold = new Hold();
        TaskRef<Integer, Integer> task = knitting.holdTask;
        knitting.holdBody = hold;
        task.call(0).subscribe().with(ignored -> {
        });
        return hold;
    }

    private static Hold holdOn(ExecutorMechanism executor) {
        Hold hold = new Hold();
        executor.execute(hold);
        return hold;
    }

    /** Dispatch alone, drain alone and overlapped, ns per call. */
    private static double[] probe(Mechanism mechanism, int turns, Holder holder) throws Exception {
        mechanism.start(1);
        try {
            Countdown countdown = new Countdown();
            Runnable call = mechanism.increment(countdown);
            for (int turn = 0; turn < turns; turn++) {
                dispatchAlone(call, countdown, holder);
                drainAlone(call, countdown, holder);
                overlapped(call, countdown);
            }
            long[] dispatch = new long[turns];
            long[] drain = new long[turns];
            long[] both = new long[turns];
            for (int turn = 0; turn < turns; turn++) {
                dispatch[turn] = dispatchAlone(call, countdown, holder);
                drain[turn] = drainAlone(call, countdown, holder);
                both[turn] = overlapped(call, countdown);
            }
            return new double[] { perCall(dispatch), perCall(drain), perCall(both) };
        } finally {
            mechanism.close();
        }
    }

    private static long dispatchAlone(Runnable call, Countdown countdown, Holder holder) {
        Hold hold = holder.hold();
        hold.awaitStarted();
        countdown.expect(BATCH);
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            call.run();
        }
        long elapsed = System.nanoTime() - start;
        hold.release();
        countdown.awaitParking();
        return elapsed;
    }

    private static long drainAlone(Runnable call, Countdown countdown, Holder holder) {
        Hold hold = holder.hold();
        hold.awaitStarted();
        countdown.expect(BATCH);
        for (int i = 0; i < BATCH; i++) {
            call.run();
        }
        hold.release();
        long finished = countdown.awaitParking();
        return finished - hold.releasedAt;
    }

    private static long overlapped(Runnable call, Countdown countdown) {
        countdown.expect(BATCH);
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            call.run();
        }
        countdown.awaitSpinning();
        return System.nanoTime() - start;
    }

    private static double perCall(long[] batchNanos) {
        long[] sorted = batchNanos.clone();
        Arrays.sort(sorted);
        return (double) sorted[sorted.length / 2] / BATCH;
    }

    /** A job that keeps its worker busy until released, and says when it let go. */
    static final class Hold implements Runnable {
        private volatile boolean started;
        private volatile boolean released;
        volatile long releasedAt;

        @Override
        public void run() {
            started = true;
            while (!released) {
                Thread.onSpinWait();
            }
            releasedAt = System.nanoTime();
        }

        void awaitStarted() {
            while (!started) {
                Thread.onSpinWait();
            }
        }

        void release() {
            released = true;
        }
    }
}
