package io.quarkiverse.knitting.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/**
 * The phases of one call after idle, through a knitting lane or a {@code ThreadPoolExecutor}: how long the caller's
 * dispatch takes (until {@code subscribe} or {@code execute} returns), when the body starts, and when the caller has
 * the answer, all from the moment the caller starts the call. Each sample follows a burst of warm round trips
 * ({@code -Dburst}, default 500; 1 for one call per idle period, after 30,000 warm-up calls) and an idle period, as in
 * {@link WakeUpBenchmark}. The caller either spins on the answer ({@code busy}) or parks ({@code blocked}). Prints
 * p50/p90 of each phase in µs. The engine page's "Where the woken worker sleeps" reads it next to a scheduler trace.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.quarkiverse.knitting.benchmarks.WakePhaseProbe
 * knitting|knitting-no-spin|threadPool <idle ms> busy|blocked}
 */
public final class WakePhaseProbe {

    private static final int BURST = Integer.getInteger("burst", 500);
    private static final int WARM_UP = 30_000;
    private static final int SAMPLES = 200;
    private static final int DISCARDED = 20;

    /** When the body started: the body writes it, the caller reads it after the answer. */
    private static volatile long bodyStartedAt;

    private WakePhaseProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mechanism = args[0];
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[1]));
        boolean blocked = switch (args[2]) {
            case "busy" -> false;
            case "blocked" -> true;
            default -> throw new IllegalArgumentException("caller: busy or blocked, not " + args[2]);
        };
        ResultSlot slot = new ResultSlot();
        Runnable dispatch;
        AutoCloseable stop;
        if (mechanism.startsWith("knitting")) {
            KnittingPool.Builder builder = KnittingPool.builder().name("probe").threads(1);
            if (mechanism.equals("knitting-no-spin")) {
                builder.spinMicroseconds(0);
            }
            KnittingPool pool = builder.build();
            TaskRef<Integer, Integer> task = pool.register("increment", WakePhaseProbe::timedIncrement);
            Integer argument = TrivialTask.ARGUMENT;
            dispatch = () -> task.call(argument).subscribe().withSubscriber(slot);
            stop = pool;
        } else if (mechanism.equals("threadPool")) {
            ThreadPool pool = new ThreadPool();
            pool.start(1);
            Runnable job = () -> slot.onItem(timedIncrement(TrivialTask.ARGUMENT));
            dispatch = () -> pool.execute(job);
            stop = pool;
        } else {
            throw new IllegalArgumentException("mechanism: knitting, knitting-no-spin or threadPool, not " + mechanism);
        }

        for (int call = 0; call < WARM_UP; call++) {
            roundTrip(dispatch, slot, call % 2 == 0);
        }
        long[] dispatched = new long[SAMPLES];
        long[] started = new long[SAMPLES];
        long[] answered = new long[SAMPLES];
        for (int i = 0; i < SAMPLES + DISCARDED; i++) {
            for (int call = 0; call < BURST; call++) {
                roundTrip(dispatch, slot, false);
            }
            long until = System.nanoTime() + idleNanos;
            for (long left; (left = until - System.nanoTime()) > 0;) {
                LockSupport.parkNanos(left);
            }
            slot.clear();
            long sent = System.nanoTime();
            dispatch.run();
            long returned = System.nanoTime();
            await(slot, blocked);
            long done = System.nanoTime();
            if (i >= DISCARDED) {
                dispatched[i - DISCARDED] = returned - sent;
                started[i - DISCARDED] = bodyStartedAt - sent;
                answered[i - DISCARDED] = done - sent;
            }
        }
        stop.close();
        System.out.printf("%s, burst %d, idle %s ms, caller %s (µs from the call, p50 / p90): dispatch returned %s,"
                + " body started %s, answer seen %s%n", mechanism, BURST, args[1], args[2], percentiles(dispatched),
                percentiles(started), percentiles(answered));
    }

    private static Integer timedIncrement(Integer argument) {
        bodyStartedAt = System.nanoTime();
        return argument + 1;
    }

    private static void roundTrip(Runnable dispatch, ResultSlot slot, boolean blocked) {
        slot.clear();
        dispatch.run();
        await(slot, blocked);
    }

    private static void await(ResultSlot slot, boolean blocked) {
        if (blocked) {
            slot.awaitParked();
        } else {
            slot.awaitSpinning();
        }
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.1f / %.1f", sorted[sorted.length / 2] / 1_000.0,
                sorted[sorted.length * 9 / 10] / 1_000.0);
    }
}
