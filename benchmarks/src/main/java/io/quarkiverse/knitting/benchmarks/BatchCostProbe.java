package io.quarkiverse.knitting.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
            Knitting knitting = new Knitting();
            record("knitting", passes, pass, turns, knitting, () -> holderFor(knitting));
            EnhancedQueue queue = new EnhancedQueue();
            record("EnhancedQueueExecutor", passes, pass, turns, queue, () -> holderFor(queue));
            ThreadPool pool = new ThreadPool();
            record("ThreadPoolExecutor", passes, pass, turns, pool, () -> holderFor(pool));
            SpinRingFloor ring = new SpinRingFloor();
            record("spin ring (floor)", passes, pass, turns, ring, () -> holderFor(ring));
        }
        for (Map.Entry<String, List<double[]>> mechanism : passes.entrySet()) {
            List<double[]> results = mechanism.getValue();
            System.out.printf("  %-28s dispatch alone %8.1f   drain alone %8.1f   overlapped %8.1f%n",
                    mechanism.getKey(), median(results, 0), median(results, 1), median(results, 2));
        }
    }

    /** Starts {@code mechanism} with one worker, probes it, stops it. */
    private static void record(String label, Map<String, List<double[]>> passes, int pass, int turns,
            Mechanism mechanism, Supplier<Holder> holderOnceStarted) throws Exception {
        mechanism.start(1);
        double[] result;
        try {
            result = probe(mechanism, turns, holderOnceStarted.get());
        } finally {
            mechanism.close();
        }
        System.out.printf("    pass %d, %-20s dispatch %8.1f, drain %8.1f, overlapped %8.1f%n", pass, label,
                result[0], result[1], result[2]);
        passes.computeIfAbsent(label, key -> new ArrayList<>()).add(result);
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(result -> result[column]).sorted().toArray();
        return values[values.length / 2];
    }

    /** Sends one call that keeps the mechanism's worker busy until {@link Hold#release}. */
    private interface Holder {
        Hold hold();
    }

    private static Holder holderFor(Knitting knitting) {
        TaskRef<Hold, Hold> task = knitting.pool.register("hold", (Hold hold) -> {
            hold.run();
            return hold;
        });
        return () -> {
            Hold hold = new Hold();
            task.call(hold).subscribe().with(ignored -> {
            });
            return hold;
        };
    }

    private static Holder holderFor(ExecutorMechanism executor) {
        return () -> {
            Hold hold = new Hold();
            executor.execute(hold);
            return hold;
        };
    }

    /** Dispatch alone, drain alone and overlapped, ns per call. */
    private static double[] probe(Mechanism mechanism, int turns, Holder holder) {
        Caller caller = new Caller();
        long[] dispatch = new long[turns];
        long[] drain = new long[turns];
        long[] both = new long[turns];
        for (int turn = -turns; turn < turns; turn++) { // the first half warms up
            long dispatched = held(mechanism, caller, holder, true);
            long drained = held(mechanism, caller, holder, false);
            long overlapped = overlapped(mechanism, caller);
            if (turn >= 0) {
                dispatch[turn] = dispatched;
                drain[turn] = drained;
                both[turn] = overlapped;
            }
        }
        return new double[] { perCall(dispatch), perCall(drain), perCall(both) };
    }

    /**
     * A batch dispatched while the worker is held busy, then drained after it is let go; the time of the dispatch
     * ({@code timeDispatch}) or of the drain.
     */
    private static long held(Mechanism mechanism, Caller caller, Holder holder, boolean timeDispatch) {
        Hold hold = holder.hold();
        hold.awaitStarted();
        long start = System.nanoTime();
        caller.dispatchBatch(mechanism, BATCH);
        long dispatched = System.nanoTime() - start;
        hold.release();
        long finished = caller.countdown.awaitParking();
        return timeDispatch ? dispatched : finished - hold.releasedAt;
    }

    private static long overlapped(Mechanism mechanism, Caller caller) {
        long start = System.nanoTime();
        caller.batch(mechanism, BATCH);
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
