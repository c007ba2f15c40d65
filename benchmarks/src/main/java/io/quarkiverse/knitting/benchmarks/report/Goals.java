package io.quarkiverse.knitting.benchmarks.report;

import static io.quarkiverse.knitting.benchmarks.report.Numbers.fmt;
import static io.quarkiverse.knitting.benchmarks.report.Numbers.ratio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DESIGN.md's performance targets, each checked against one run. */
final class Goals {

    enum Verdict {
        MET("met"),
        MISSED("missed"),
        NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    /** One target: what DESIGN.md asks, what this run measured, and whether that meets it. */
    record Goal(String target, String measured, Verdict verdict) {
    }

    /** The HTTP target is stated at 64 connections. */
    private Goals() {
    }

    static List<Goal> check(MicroRun micro, Optional<HttpRun> http) {
        List<Goal> goals = new ArrayList<>();
        for (String gap : List.of("0", "20")) {
            goals.add(roundTripVersus(micro, gap, Mechanisms.THREAD_POOL));
            goals.add(roundTripVersus(micro, gap, Mechanisms.ENHANCED_QUEUE));
            goals.add(roundTripFloor(micro, gap));
        }
        goals.add(batchThroughput(micro));
        goals.add(handlesThroughput(micro));
        goals.add(callAllWithHandles(micro));
        goals.add(heavyTail(micro));
        goals.add(balancers(micro));
        goals.add(idleCpu(micro.idleCpu()));
        goals.add(wakeUp(micro));
        goals.add(http.map(Goals::httpVersusBlocking)
                .orElse(new Goal(HTTP_TARGET, "no HTTP results for this mode", Verdict.NOT_MEASURED)));
        goals.add(http.map(Goals::sporadicVersusBlocking)
                .orElse(new Goal(SPORADIC_TARGET, "no HTTP results for this mode", Verdict.NOT_MEASURED)));
        return goals;
    }

    static double roundTripP50(MicroRun micro, String method, String gap) {
        return micro.find("RoundTripBenchmark", method, result -> result.param("gapMicros").equals(gap))
                .map(result -> result.p(50.0)).orElse(Double.NaN);
    }

    static double batch(MicroRun micro, String method, int size) {
        return micro.find("BatchBenchmark", method, result -> result.intParam("batchSize") == size)
                .map(JmhResult::score).orElse(Double.NaN);
    }

    /** The benchmark of a batch with a handle (subscriber, {@code Future}) per call. */
    static final String HANDLES = "BatchPerCallBenchmark";

    static double batchWithHandles(MicroRun micro, String method) {
        return micro.find(HANDLES, method, result -> result.intParam("batchSize") == 1000)
                .map(JmhResult::score).orElse(Double.NaN);
    }

    private static final String HANDLES_TARGET = "Batch of 1000 single calls, a handle per call, one lane: at least 2x "
            + "the throughput of ForkJoinPool(1) and 3x EnhancedQueueExecutor(1)";

    private static Goal handlesThroughput(MicroRun micro) {
        double knitting = batchWithHandles(micro, Mechanisms.KNITTING);
        double forkJoin = batchWithHandles(micro, Mechanisms.FORK_JOIN);
        double queue = batchWithHandles(micro, Mechanisms.ENHANCED_QUEUE);
        if (Double.isNaN(knitting)) {
            return new Goal(HANDLES_TARGET, "not in this run", Verdict.NOT_MEASURED);
        }
        String measured = "knitting " + fmt(knitting) + " µs per batch; ForkJoinPool " + fmt(forkJoin) + " µs: "
                + ratio(forkJoin, knitting) + " the throughput; EnhancedQueueExecutor " + fmt(queue) + " µs: "
                + ratio(queue, knitting);
        boolean met = forkJoin / knitting >= 2 && queue / knitting >= 3;
        return new Goal(HANDLES_TARGET, measured, verdict(Math.min(forkJoin, queue) / knitting, met));
    }

    private static final String CALL_ALL_TARGET = "Batch of 1000 inputs with callAll: at least 5x the throughput of "
            + "EnhancedQueueExecutor(1) with a Future per call";

    private static Goal callAllWithHandles(MicroRun micro) {
        double callAll = batchWithHandles(micro, "knittingCallAll");
        double queue = batchWithHandles(micro, Mechanisms.ENHANCED_QUEUE);
        if (Double.isNaN(callAll)) {
            return new Goal(CALL_ALL_TARGET, "not in this run", Verdict.NOT_MEASURED);
        }
        String measured = "EnhancedQueueExecutor " + fmt(queue) + " µs, callAll " + fmt(callAll) + " µs per batch: "
                + ratio(queue, callAll) + " the throughput";
        return new Goal(CALL_ALL_TARGET, measured, verdict(queue / callAll / 5, queue / callAll >= 5));
    }

    private static Goal roundTripVersus(MicroRun micro, String gap, String peer) {
        double knitting = roundTripP50(micro, Mechanisms.KNITTING, gap);
        double other = roundTripP50(micro, peer, gap);
        String target = "Warm round trip p50 (gap " + gap + " µs) at least 10x below " + Mechanisms.label(peer);
        String measured = Mechanisms.label(peer) + " " + fmt(other) + " µs, knitting " + fmt(knitting) + " µs: "
                + ratio(other, knitting) + " lower";
        return new Goal(target, measured, verdict(other / knitting, other / knitting >= 10));
    }

    private static Goal roundTripFloor(MicroRun micro, String gap) {
        double knitting = roundTripP50(micro, Mechanisms.KNITTING, gap);
        double floor = roundTripP50(micro, Mechanisms.SPIN_HANDOFF, gap);
        String target = "Warm round trip p50 (gap " + gap + " µs) at most 3x the spin handoff";
        String measured = "knitting " + fmt(knitting) + " µs, spin handoff " + fmt(floor) + " µs: "
                + ratio(knitting, floor) + " the floor";
        return new Goal(target, measured, verdict(knitting / floor, knitting / floor <= 3));
    }

    private static Goal batchThroughput(MicroRun micro) {
        double knitting = batch(micro, Mechanisms.KNITTING, 1000);
        double queue = batch(micro, Mechanisms.ENHANCED_QUEUE, 1000);
        String target = "Batch of 1000 calls: at least 3x the throughput of EnhancedQueueExecutor";
        String measured = "EnhancedQueueExecutor " + fmt(queue) + " µs, knitting " + fmt(knitting)
                + " µs per batch: " + ratio(queue, knitting) + " the throughput";
        return new Goal(target, measured, verdict(queue / knitting, queue / knitting >= 3));
    }

    private static final String HEAVY_TAIL_TARGET = "Heavy-tailed work, 4 callers, 2 and 4 workers: knitting's p99 at or "
            + "below EnhancedQueueExecutor's, its throughput at or above";

    private static Goal heavyTail(MicroRun micro) {
        List<JmhResult> results = micro.of("HeavyTailBenchmark");
        List<String> workerCounts = results.stream().map(result -> result.param("workers")).distinct().sorted().toList();
        StringBuilder measured = new StringBuilder();
        boolean met = true;
        for (String workers : workerCounts) {
            Optional<JmhResult> knitting = MicroSections.heavyTail(results, "knitting", workers);
            Optional<JmhResult> queue = MicroSections.heavyTail(results, "eqe", workers);
            if (knitting.isEmpty() || queue.isEmpty()) {
                continue;
            }
            double ours = MicroSections.callsPerMs(knitting.get());
            double theirs = MicroSections.callsPerMs(queue.get());
            boolean here = knitting.get().p(99.0) <= queue.get().p(99.0) && ours >= theirs;
            met &= here;
            measured.append(measured.length() == 0 ? "" : "; ").append(workers).append(" workers: p99 ")
                    .append(fmt(knitting.get().p(99.0))).append(" vs ").append(fmt(queue.get().p(99.0)))
                    .append(" µs, ").append(fmt(ours)).append(" vs ").append(fmt(theirs)).append(" calls/ms")
                    .append(here ? "" : " (missed)");
        }
        if (measured.length() == 0) {
            return new Goal(HEAVY_TAIL_TARGET, "no heavy-tail results", Verdict.NOT_MEASURED);
        }
        return new Goal(HEAVY_TAIL_TARGET, measured.toString(), Verdict.of(met));
    }


    private static final String BALANCER_TARGET = "Round-robin and random-lane at 2 lanes on 2 cores, 1 caller, with "
            + "stealing: at least EnhancedQueueExecutor(2)'s round trips per ms";

    private static Goal balancers(MicroRun micro) {
        Optional<JmhResult> queue = micro.find("ScalingBenchmark", Mechanisms.ENHANCED_QUEUE,
                result -> result.threads() == 1 && result.param("workers").equals("2"));
        if (queue.isEmpty()) {
            return new Goal(BALANCER_TARGET, "no EnhancedQueueExecutor result at 1 caller, 2 workers",
                    Verdict.NOT_MEASURED);
        }
        StringBuilder measured = new StringBuilder("EnhancedQueueExecutor " + fmt(queue.get().score()));
        boolean met = true;
        for (String balancer : List.of("round-robin", "random-lane")) {
            Optional<JmhResult> knitting = micro.find("BalancerBenchmark", "roundTrip", result -> result.threads() == 1
                    && result.param("balancer").equals(balancer) && "true".equals(result.param("steal")));
            if (knitting.isEmpty()) {
                return new Goal(BALANCER_TARGET, "no " + balancer + " result with stealing", Verdict.NOT_MEASURED);
            }
            met &= knitting.get().score() >= queue.get().score();
            measured.append(", ").append(balancer).append(' ').append(fmt(knitting.get().score()));
        }
        return new Goal(BALANCER_TARGET, measured.append(" calls per ms").toString(), Verdict.of(met));
    }

    private static Goal idleCpu(IdleCpu idle) {
        String target = "Idle CPU after the spin budget below 1% of a core";
        IdleCpu.Entry knitting = idle.knitting();
        if (knitting == null) {
            return new Goal(target, "the idle-CPU probe did not report knitting", Verdict.NOT_MEASURED);
        }
        return new Goal(target, Numbers.percent(knitting.percentOfCore()) + " of one core (" + knitting.threads()
                + " threads)", Verdict.of(knitting.percentOfCore() < 1.0));
    }

    private static final String HTTP_TARGET = "HTTP under load, at every concurrency level: @Task p99 at or below "
            + "@Blocking's, with at least its throughput";

    private static Goal httpVersusBlocking(HttpRun http) {
        StringBuilder measured = new StringBuilder();
        boolean met = true;
        for (int level : http.levels()) {
            Optional<HttpRun.Load> task = http.load("task", level);
            Optional<HttpRun.Load> blocking = http.load("blocking", level);
            if (task.isEmpty() || blocking.isEmpty()) {
                continue;
            }
            boolean here = task.get().p99() <= blocking.get().p99() && task.get().rps() >= blocking.get().rps();
            met &= here;
            measured.append(measured.length() == 0 ? "" : "; ").append(level).append(" connections: ")
                    .append(compare(task.get(), blocking.get())).append(here ? "" : " (missed)");
        }
        if (measured.length() == 0) {
            return new Goal(HTTP_TARGET, "no @Task and @Blocking load results", Verdict.NOT_MEASURED);
        }
        return new Goal(HTTP_TARGET, measured.toString(), Verdict.of(met));
    }

    private static final String WAKE_UP_TARGET = "A call after 5 and 20 ms idle, busy and blocked caller: knitting's "
            + "p50 and p99 at or below ThreadPoolExecutor's and EnhancedQueueExecutor's";

    private static Goal wakeUp(MicroRun micro) {
        List<JmhResult> knitting = micro.of("WakeUpBenchmark").stream()
                .filter(result -> result.method().equals(Mechanisms.KNITTING)).toList();
        if (knitting.isEmpty()) {
            return new Goal(WAKE_UP_TARGET, "no wake-up results", Verdict.NOT_MEASURED);
        }
        StringBuilder measured = new StringBuilder();
        boolean met = true;
        for (JmhResult result : knitting) {
            double[] peers = { Double.MAX_VALUE, Double.MAX_VALUE };
            for (String peer : List.of(Mechanisms.THREAD_POOL, Mechanisms.ENHANCED_QUEUE)) {
                micro.find("WakeUpBenchmark", peer, other -> other.param("idleMillis").equals(result.param("idleMillis"))
                        && MicroSections.callerKind(other).equals(MicroSections.callerKind(result)))
                        .ifPresent(other -> {
                            peers[0] = Math.min(peers[0], other.p(50.0));
                            peers[1] = Math.min(peers[1], other.p(99.0));
                        });
            }
            boolean here = result.p(50.0) <= peers[0] && result.p(99.0) <= peers[1];
            met &= here;
            measured.append(measured.length() == 0 ? "" : "; ").append(MicroSections.callerKind(result)).append(' ')
                    .append(result.param("idleMillis")).append(" ms: p50 ").append(fmt(result.p(50.0))).append(" vs ")
                    .append(fmt(peers[0])).append(", p99 ").append(fmt(result.p(99.0))).append(" vs ")
                    .append(fmt(peers[1])).append(" µs").append(here ? "" : " (missed)");
        }
        return new Goal(WAKE_UP_TARGET, measured.toString(), Verdict.of(met));
    }

    private static final String SPORADIC_TARGET = "HTTP requests 20 ms apart: @Task time to first byte p50 and p99 "
            + "at or below @Blocking's";

    private static Goal sporadicVersusBlocking(HttpRun http) {
        Optional<HttpRun.Sporadic> task = http.sporadic().stream().filter(row -> row.endpoint().equals("task"))
                .findFirst();
        Optional<HttpRun.Sporadic> blocking = http.sporadic().stream()
                .filter(row -> row.endpoint().equals("blocking")).findFirst();
        if (task.isEmpty() || blocking.isEmpty()) {
            return new Goal(SPORADIC_TARGET, "this run has no sporadic requests", Verdict.NOT_MEASURED);
        }
        return new Goal(SPORADIC_TARGET, "p50 " + fmt(task.get().p50() / 1000) + " vs " + fmt(blocking.get().p50() / 1000)
                + " ms, p99 " + fmt(task.get().p99() / 1000) + " vs " + fmt(blocking.get().p99() / 1000) + " ms",
                Verdict.of(task.get().p50() <= blocking.get().p50() && task.get().p99() <= blocking.get().p99()));
    }

    private static String compare(HttpRun.Load task, HttpRun.Load blocking) {
        return "p99 " + fmt(task.p99() / 1000) + " ms (task) vs " + fmt(blocking.p99() / 1000) + " ms (blocking), "
                + fmt(task.rps()) + " vs " + fmt(blocking.rps()) + " req/s";
    }

    private static Verdict verdict(double ratio, boolean met) {
        return Double.isNaN(ratio) ? Verdict.NOT_MEASURED : Verdict.of(met);
    }
}
