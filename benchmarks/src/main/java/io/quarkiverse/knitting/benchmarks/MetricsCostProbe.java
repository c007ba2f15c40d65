package io.quarkiverse.knitting.benchmarks;

import java.util.Arrays;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * What {@code metrics.enabled} costs a warm round trip, measured so that this VM's slow and fast phases (which shift
 * the round trip by 3x for minutes at a time, see the benchmark page) fall on both sides alike: one caller alternates
 * blocks of round trips between a plain pool and a metered one (first one, then the other, in turns), and compares
 * each metered block with the plain block next to it. Prints the median per-call time of each and the median of the
 * paired ratios. {@link RoundTripBenchmark#knittingMetered} gives the same comparison in JMH, one after the other.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.quarkiverse.knitting.benchmarks.MetricsCostProbe
 * <gap µs> [timer sampling]}
 */
public final class MetricsCostProbe {

    private static final int WARM_UP_CALLS = 300_000;
    private static final int BLOCK = 2_000;
    private static final int ROUNDS = 300;

    private MetricsCostProbe() {
    }

    public static void main(String[] args) {
        long gapNanos = Long.parseLong(args[0]) * 1_000;
        int sampling = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        try (KnittingPool plain = KnittingPool.builder().name("plain").threads(1).build();
                KnittingPool metered = KnittingPool.builder().name("metered").threads(1).metrics(true)
                        .timerSampling(sampling).build()) {
            Runnable plainCall = caller(plain);
            Runnable meteredCall = caller(metered);
            block(plainCall, WARM_UP_CALLS, gapNanos);
            block(meteredCall, WARM_UP_CALLS, gapNanos);
            double[] plainNanos = new double[ROUNDS];
            double[] meteredNanos = new double[ROUNDS];
            double[] ratios = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                if (round % 2 == 0) {
                    plainNanos[round] = block(plainCall, BLOCK, gapNanos);
                    meteredNanos[round] = block(meteredCall, BLOCK, gapNanos);
                } else {
                    meteredNanos[round] = block(meteredCall, BLOCK, gapNanos);
                    plainNanos[round] = block(plainCall, BLOCK, gapNanos);
                }
                ratios[round] = meteredNanos[round] / plainNanos[round];
            }
            System.out.printf("gap %d us, timer sampling 1 in %d: per call plain %.1f ns, metered %.1f ns (medians of "
                    + "%d blocks of %d); metered/plain paired: median %.3f, p25 %.3f, p75 %.3f%n", gapNanos / 1_000,
                    sampling, median(plainNanos), median(meteredNanos), ROUNDS, BLOCK, median(ratios),
                    quantile(ratios, 0.25), quantile(ratios, 0.75));
        }
    }

    /** A round trip on {@code pool}: dispatch, then spin on the answer, as {@link Caller#roundTrip} does. */
    private static Runnable caller(KnittingPool pool) {
        TaskRef<Integer, Integer> task = pool.register("increment", TrivialTask.INCREMENT);
        ResultSlot slot = new ResultSlot();
        return () -> {
            slot.clear();
            task.call(TrivialTask.ARGUMENT).subscribe().withSubscriber(slot);
            slot.awaitSpinning();
        };
    }

    /** Mean time per call of {@code calls} round trips, each after {@code gapNanos} of think time (not counted). */
    private static double block(Runnable call, int calls, long gapNanos) {
        if (gapNanos == 0) { // back to back: one clock read per block, so that the clock costs neither side
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            return (System.nanoTime() - start) / (double) calls;
        }
        long busy = 0;
        for (int i = 0; i < calls; i++) {
            if (gapNanos > 0) {
                long until = System.nanoTime() + gapNanos;
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }
            long start = System.nanoTime();
            call.run();
            busy += System.nanoTime() - start;
        }
        return busy / (double) calls;
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
