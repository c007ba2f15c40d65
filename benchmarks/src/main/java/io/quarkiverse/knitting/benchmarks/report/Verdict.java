package io.quarkiverse.knitting.benchmarks.report;

import static io.quarkiverse.knitting.benchmarks.report.Numbers.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The page's opening: the headline comparisons of one run, each with the best peer measured in the same run and
 * whether knitting wins, is at parity or trails there.
 */
final class Verdict {

    enum Standing {
        WINS("wins"),
        PARITY("at parity"),
        TRAILS("trails");

        final String text;

        Standing(String text) {
            this.text = text;
        }
    }

    /** {@code advantage}: how many times better knitting is (above 1) or worse (below 1). */
    record Row(String measure, String unit, double knitting, String peer, double peerValue, double advantage,
            Standing standing) {
    }

    /** Within 10 % either way counts as parity: this VM moves more than that from run to run. */
    static final double PARITY_BAND = 0.10;

    private final MicroRun micro;
    private final List<Row> rows = new ArrayList<>();

    private Verdict(MicroRun micro) {
        this.micro = micro;
    }

    static List<Row> of(MicroRun micro, Optional<HttpRun> http) {
        Verdict verdict = new Verdict(micro);
        verdict.microRows();
        http.ifPresent(verdict::httpRows);
        return verdict.rows;
    }

    private void microRows() {
        List<String> executors = List.of(Mechanisms.THREAD_POOL, Mechanisms.ENHANCED_QUEUE, "forkJoin");
        for (String gap : List.of("0", "20")) {
            Predicate<JmhResult> atGap = result -> result.param("gapMicros").equals(gap);
            best("Warm round trip p50, " + gap + " µs between calls", "µs", "RoundTripBenchmark", Mechanisms.KNITTING,
                    executors, atGap, result -> result.p(50.0), true);
        }
        Predicate<JmhResult> thousand = result -> result.intParam("batchSize") == 1000;
        best("Batch of 1000 single calls (one shared countdown subscriber)", "µs", "BatchBenchmark", Mechanisms.KNITTING, executors,
                thousand, JmhResult::score, true);
        best("Batch of 1000 single calls (a subscriber or Future per call)", "µs", Goals.HANDLES, Mechanisms.KNITTING,
                executors, thousand, JmhResult::score, true);
        best("Batch of 1000 inputs with callAll", "µs", "BatchBenchmark", "knittingCallAll", executors, thousand,
                JmhResult::score, true);
        for (String kind : List.of("busy", "blocked")) {
            for (String idle : List.of("5", "20")) {
                Predicate<JmhResult> shape = result -> result.param("idleMillis").equals(idle)
                        && MicroSections.callerKind(result).equals(kind);
                best("First call after " + idle + " ms idle, " + kind + " caller, p50", "µs", "WakeUpBenchmark",
                        Mechanisms.KNITTING, List.of(Mechanisms.THREAD_POOL, Mechanisms.ENHANCED_QUEUE), shape,
                        result -> result.p(50.0), true);
            }
        }
        List<JmhResult> heavy = micro.of("HeavyTailBenchmark");
        for (String workers : heavy.stream().map(result -> result.param("workers")).distinct().sorted().toList()) {
            Optional<JmhResult> knitting = MicroSections.heavyTail(heavy, "knitting", workers);
            Optional<JmhResult> queue = MicroSections.heavyTail(heavy, "eqe", workers);
            if (knitting.isPresent() && queue.isPresent()) {
                add("Heavy-tailed work, " + workers + " workers, p99", "µs", knitting.get().p(99.0),
                        "EnhancedQueueExecutor", queue.get().p(99.0), true);
                add("Heavy-tailed work, " + workers + " workers, throughput", "calls/ms",
                        MicroSections.callsPerMs(knitting.get()), "EnhancedQueueExecutor",
                        MicroSections.callsPerMs(queue.get()), false);
            }
        }
        Optional<JmhResult> roundRobin = micro.find("BalancerBenchmark", "roundTrip", result -> result.threads() == 1
                && result.param("balancer").equals("round-robin") && "true".equals(result.param("steal")));
        Optional<JmhResult> queueTwo = micro.find("ScalingBenchmark", Mechanisms.ENHANCED_QUEUE,
                result -> result.threads() == 1 && result.param("workers").equals("2"));
        if (roundRobin.isPresent() && queueTwo.isPresent()) {
            add("Two lanes, one caller (round-robin, stealing)", "calls/ms", roundRobin.get().score(),
                    "EnhancedQueueExecutor", queueTwo.get().score(), false);
        }
    }

    private void httpRows(HttpRun http) {
        for (int level : http.levels()) {
            Optional<HttpRun.Load> task = http.load("task", level);
            Optional<HttpRun.Load> blocking = http.load("blocking", level);
            if (task.isPresent() && blocking.isPresent()) {
                add("HTTP at " + level + " connections, p99", "ms", task.get().p99() / 1000, "@Blocking",
                        blocking.get().p99() / 1000, true);
                add("HTTP at " + level + " connections, throughput", "req/s", task.get().rps(), "@Blocking",
                        blocking.get().rps(), false);
            }
        }
        Optional<HttpRun.Sporadic> sporadicTask = http.sporadic().stream()
                .filter(row -> row.endpoint().equals("task")).findFirst();
        Optional<HttpRun.Sporadic> sporadicBlocking = http.sporadic().stream()
                .filter(row -> row.endpoint().equals("blocking")).findFirst();
        if (sporadicTask.isPresent() && sporadicBlocking.isPresent()) {
            add("HTTP requests 20 ms apart, p99", "ms", sporadicTask.get().p99() / 1000, "@Blocking",
                    sporadicBlocking.get().p99() / 1000, true);
        }
    }

    /** Compares knitting's {@code method} with the best of {@code peers} in one benchmark class. */
    private void best(String measure, String unit, String type, String method, List<String> peers,
            Predicate<JmhResult> shape, ToDoubleFunction<JmhResult> value, boolean lowerIsBetter) {
        Optional<JmhResult> knitting = micro.find(type, method, shape);
        if (knitting.isEmpty()) {
            return;
        }
        String bestPeer = null;
        double bestValue = Double.NaN;
        for (String peer : peers) {
            Optional<JmhResult> result = micro.find(type, peer, shape);
            if (result.isEmpty()) {
                continue;
            }
            double candidate = value.applyAsDouble(result.get());
            if (bestPeer == null || (lowerIsBetter ? candidate < bestValue : candidate > bestValue)) {
                bestPeer = peer;
                bestValue = candidate;
            }
        }
        if (bestPeer != null) {
            add(measure, unit, value.applyAsDouble(knitting.get()), Mechanisms.label(bestPeer), bestValue,
                    lowerIsBetter);
        }
    }

    private void add(String measure, String unit, double knitting, String peer, double peerValue,
            boolean lowerIsBetter) {
        if (Double.isNaN(knitting) || Double.isNaN(peerValue) || knitting <= 0 || peerValue <= 0) {
            return;
        }
        double advantage = lowerIsBetter ? peerValue / knitting : knitting / peerValue;
        Standing standing = advantage >= 1 + PARITY_BAND ? Standing.WINS
                : advantage > 1 - PARITY_BAND ? Standing.PARITY : Standing.TRAILS;
        rows.add(new Row(measure, unit, knitting, peer, peerValue, advantage, standing));
    }


    /** The verdict as the page opens with it: a count, then one line per comparison. */
    static void render(List<Row> rows, IdleCpu idle, StringBuilder out) {
        out.append("== Verdict\n\n");
        if (rows.isEmpty()) {
            out.append("This run has none of the headline comparisons.\n\n");
            return;
        }
        for (Standing standing : Standing.values()) {
            List<String> measures = rows.stream().filter(row -> row.standing() == standing).map(Row::measure)
                    .toList();
            out.append("*Knitting ").append(standing.text).append("* (").append(measures.size()).append("): ")
                    .append(measures.isEmpty() ? "nothing in this run" : String.join("; ", measures))
                    .append(".\n\n");
        }
        out.append("Against the best peer of the same run (within ").append((int) (PARITY_BAND * 100))
                .append(" % either way is parity; advantage above 1x means knitting is better):\n\n");
        AdocTable table = new AdocTable("Measure", "Knitting", "Best peer", "Peer", "Advantage", "Verdict");
        for (Row row : rows) {
            table.row(row.measure(), fmt(row.knitting()) + " " + row.unit(), row.peer(),
                    fmt(row.peerValue()) + " " + row.unit(), fmt(row.advantage()) + "x", "*" + row.standing().text + "*");
        }
        out.append(table.render());
        IdleCpu.Entry knitting = idle == null ? null : idle.knitting();
        out.append("*What the speed costs.* After each call an idle lane spins before it parks: up to 50 µs per lane ")
                .append("with one lane, at most 100 µs with more, none when the lanes outnumber the processors ")
                .append("(`worker.timers.spin-microseconds`), and 2 µs after a call whose answer goes to an event loop ")
                .append("unless it continued the previous call's request (`handoff-spin-microseconds`), so a pool that ")
                .append("receives a call every few hundred microseconds keeps about one core busy in bursts, where an ")
                .append("executor's worker parks at once. Once parked, a lane costs ")
                .append(knitting == null ? "too little for this run's probe to report"
                        : Numbers.percent(knitting.percentOfCore()) + " of one core")
                .append(" (idle CPU probe below). The spin is also why knitting trails after idle periods and when ")
                .append("blocked callers outnumber the cores: see the wake-up, heavy-tail and ")
                .append("HTTP readings.\n\n");
    }
}
