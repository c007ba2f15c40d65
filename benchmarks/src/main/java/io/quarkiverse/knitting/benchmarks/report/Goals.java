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
    static final int HTTP_GOAL_CONNECTIONS = 64;

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
        goals.add(idleCpu(micro.idleCpu()));
        goals.add(http.map(Goals::httpVersusBlocking)
                .orElse(new Goal(httpTarget(), "no HTTP results for this mode", Verdict.NOT_MEASURED)));
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

    private static Goal idleCpu(IdleCpu idle) {
        String target = "Idle CPU after the spin budget below 1% of a core";
        IdleCpu.Entry knitting = idle.knitting();
        if (knitting == null) {
            return new Goal(target, "the idle-CPU probe did not report knitting", Verdict.NOT_MEASURED);
        }
        return new Goal(target, Numbers.percent(knitting.percentOfCore()) + " of one core (" + knitting.threads()
                + " threads)", Verdict.of(knitting.percentOfCore() < 1.0));
    }

    private static String httpTarget() {
        return "HTTP at " + HTTP_GOAL_CONNECTIONS + " connections: @Task p99 at least as good as @Blocking, "
                + "with at least its throughput";
    }

    private static Goal httpVersusBlocking(HttpRun http) {
        Optional<HttpRun.Load> task = http.load("task", HTTP_GOAL_CONNECTIONS);
        Optional<HttpRun.Load> blocking = http.load("blocking", HTTP_GOAL_CONNECTIONS);
        if (task.isPresent() && blocking.isPresent()) {
            return new Goal(httpTarget(), compare(task.get(), blocking.get()),
                    Verdict.of(task.get().p99() <= blocking.get().p99() && task.get().rps() >= blocking.get().rps()));
        }
        StringBuilder measured = new StringBuilder("this run has no " + HTTP_GOAL_CONNECTIONS
                + "-connection level (run full mode)");
        for (int level : http.levels()) {
            Optional<HttpRun.Load> taskAt = http.load("task", level);
            Optional<HttpRun.Load> blockingAt = http.load("blocking", level);
            if (taskAt.isPresent() && blockingAt.isPresent()) {
                measured.append("; at ").append(level).append(": ").append(compare(taskAt.get(), blockingAt.get()));
            }
        }
        return new Goal(httpTarget(), measured.toString(), Verdict.NOT_MEASURED);
    }

    private static String compare(HttpRun.Load task, HttpRun.Load blocking) {
        return "p99 " + fmt(task.p99() / 1000) + " ms (task) vs " + fmt(blocking.p99() / 1000) + " ms (blocking), "
                + fmt(task.rps()) + " vs " + fmt(blocking.rps()) + " req/s";
    }

    private static Verdict verdict(double ratio, boolean met) {
        return Double.isNaN(ratio) ? Verdict.NOT_MEASURED : Verdict.of(met);
    }
}
