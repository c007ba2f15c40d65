package io.quarkiverse.knitting.benchmarks.report;

import static io.quarkiverse.knitting.benchmarks.report.Numbers.fmt;
import static io.quarkiverse.knitting.benchmarks.report.Numbers.ratio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The report's sections on the JMH micro suite: one table (and chart) per benchmark class. */
final class MicroSections {

    private final MicroRun run;
    private final StringBuilder out;

    MicroSections(MicroRun run, StringBuilder out) {
        this.run = run;
        this.out = out;
    }

    void roundTrip(String chart) {
        out.append("=== Round trip, warm\n\n")
                .append("One call at a time from one caller to one worker and back; `gap` is the think time (µs) ")
                .append("the caller spends before each call, so a worker that parks as soon as its queue is empty ")
                .append("pays a wake-up on every call at gap 20. Latencies in µs. _vs TPE_ is ThreadPoolExecutor's ")
                .append("p50 divided by the mechanism's (higher is better); _vs floor_ is the mechanism's p50 ")
                .append("divided by the spin handoff's (how far above the practical floor).\n\n");
        AdocTable table = new AdocTable("Mechanism", "Gap", "p50", "p99", "p99.9", "vs TPE", "vs floor");
        for (JmhResult result : run.of("RoundTripBenchmark")) {
            String gap = result.param("gapMicros");
            double tpe = Goals.roundTripP50(run, Mechanisms.THREAD_POOL, gap);
            double floor = Goals.roundTripP50(run, Mechanisms.SPIN_HANDOFF, gap);
            table.row(Mechanisms.label(result.method()), gap, fmt(result.p(50.0)), fmt(result.p(99.0)),
                    fmt(result.p(99.9)), ratio(tpe, result.p(50.0)), ratio(result.p(50.0), floor));
        }
        out.append(table.render()).append(image(chart));
    }

    void wakeUp(String chart) {
        List<JmhResult> results = run.of("WakeUpBenchmark");
        out.append("=== Wake-up: a call after idle\n\n")
                .append("Single-shot: each sample is one call after the worker had nothing to do for the idle time, ")
                .append("so it measures how fast a parked (or spinning) worker notices new work. A busy caller keeps ")
                .append("its core while it waits (it spins, as a loaded event loop does); a blocked caller parks ")
                .append("until the answer wakes it. The parked thread is the control: one plain thread woken by ")
                .append("`unpark`. Ratios are to the thread pool in the same idle time and caller kind. µs.\n\n");
        AdocTable table = new AdocTable("Mechanism", "idle ms", "caller", "p50", "p90", "p99", "max", "vs TPE");
        for (JmhResult result : results) {
            double tpe = wakeUpP50(Mechanisms.THREAD_POOL, result);
            table.row(Mechanisms.label(result.method()), result.param("idleMillis"), callerKind(result),
                    fmt(result.p(50.0)), fmt(result.p(90.0)), fmt(result.p(99.0)), fmt(result.p(100.0)),
                    ratio(tpe, result.p(50.0)));
        }
        out.append(table.render()).append(image(chart));
    }

    /** Results from before the caller kind was a parameter had a busy caller. */
    static String callerKind(JmhResult result) {
        String kind = result.param("callerKind");
        return kind == null ? "busy" : kind;
    }

    private double wakeUpP50(String method, JmhResult like) {
        return run.find("WakeUpBenchmark", method,
                result -> result.param("idleMillis").equals(like.param("idleMillis"))
                        && callerKind(result).equals(callerKind(like)))
                .map(result -> result.p(50.0)).orElse(Double.NaN);
    }

    void batches(String chart) {
        int rounds = run.rounds("BatchBenchmark");
        out.append("=== Batches\n\n")
                .append("One caller submits a batch of calls and waits for all of them. µs per batch; the chart ")
                .append("divides by the batch size.");
        if (rounds > 1) {
            out.append(" The whole batch benchmark ran ").append(rounds).append(" times, one mechanism after the ")
                    .append("other each time, so that each mechanism is measured at different moments; every ")
                    .append("figure is the median of its rounds (the rounds of 1000 and 10000 follow the ratios).");
        }
        out.append("\n\n");
        List<Integer> sizes = run.of("BatchBenchmark").stream().map(result -> result.intParam("batchSize"))
                .distinct().sorted().toList();
        List<String> header = new ArrayList<>(List.of("Mechanism"));
        sizes.forEach(size -> header.add(String.valueOf(size)));
        AdocTable table = new AdocTable(header.toArray(String[]::new));
        for (String method : run.methods("BatchBenchmark")) {
            List<String> row = new ArrayList<>(List.of(Mechanisms.label(method)));
            sizes.forEach(size -> row.add(fmt(Goals.batch(run, method, size))));
            table.row(row);
        }
        out.append(table.render());
        out.append("Throughput ratios at 1000 and 10000 calls per batch: the peer's time divided by the ")
                .append("mechanism's (higher is better), and the mechanism's time divided by the spin ring's.\n\n");
        AdocTable ratios = new AdocTable("Mechanism", "vs TPE, 1000", "vs EQE, 1000", "vs floor, 1000",
                "vs TPE, 10000", "vs EQE, 10000", "vs floor, 10000");
        for (String method : run.methods("BatchBenchmark")) {
            List<String> row = new ArrayList<>(List.of(Mechanisms.label(method)));
            for (int size : List.of(1000, 10000)) {
                double own = Goals.batch(run, method, size);
                row.add(ratio(Goals.batch(run, Mechanisms.THREAD_POOL, size), own));
                row.add(ratio(Goals.batch(run, Mechanisms.ENHANCED_QUEUE, size), own));
                row.add(ratio(own, Goals.batch(run, Mechanisms.SPIN_RING, size)));
            }
            ratios.row(row);
        }
        out.append(ratios.render());
        if (rounds > 1) {
            batchRounds(rounds);
        }
        batchHandles();
        batchCost();
        out.append(image(chart));
    }

    /**
     * The same batch of 1000 with a handle per call ({@code BatchPerCallBenchmark}): a subscriber each for knitting, a
     * {@code Future} each for the executors, waited for in turn.
     */
    private void batchHandles() {
        List<String> methods = run.methods(Goals.HANDLES);
        if (methods.isEmpty()) {
            return;
        }
        out.append("The same batch of 1000 as a caller who needs every result writes it (`BatchPerCallBenchmark`): ")
                .append("each call has a handle of its own, a subscriber for knitting (`call(x).subscribe()")
                .append(".withSubscriber(slot)`) and the `Future` of `submit` for the executors, and the caller waits ")
                .append("for each in turn, parking when an answer is not there yet. µs per batch (lower is better), ")
                .append("and the throughput against each executor (the peer's time divided by the mechanism's).\n\n");
        AdocTable table = new AdocTable("Mechanism", "µs per batch", "vs ForkJoinPool", "vs EQE", "vs TPE");
        for (String method : methods) {
            double own = Goals.batchWithHandles(run, method);
            table.row(Mechanisms.label(method), fmt(own), ratio(Goals.batchWithHandles(run, Mechanisms.FORK_JOIN), own),
                    ratio(Goals.batchWithHandles(run, Mechanisms.ENHANCED_QUEUE), own),
                    ratio(Goals.batchWithHandles(run, Mechanisms.THREAD_POOL), own));
        }
        out.append(table.render());
    }

    /** The batch-cost probe: each side of a batch alone, then both overlapped. */
    private void batchCost() {
        List<BatchCost.Entry> entries = run.batchCost().entries();
        if (entries.isEmpty()) {
            return;
        }
        int passes = run.batchCost().passes();
        out.append("Where the time of a batch of 1000 goes (`BatchCostProbe`, one caller, one worker, ns per call, ")
                .append("median of ").append(run.batchCost().batchesPerFigure()).append(" batches each")
                .append(passes > 1 ? ", then the median of " + passes + " passes" : "")
                .append("): the caller dispatching while the worker is held busy, the worker draining a queue ")
                .append("filled beforehand, and the two overlapped as in the benchmark. _Overlap cost_ is the ")
                .append("overlapped time divided by the slower side alone: what passing cache lines between the ")
                .append("cores adds while both work at once.\n\n");
        AdocTable table = new AdocTable("Mechanism", "Dispatch alone", "Drain alone", "Overlapped", "Overlap cost");
        for (BatchCost.Entry entry : entries) {
            table.row(entry.mechanism(), fmt(entry.dispatchAlone()), fmt(entry.drainAlone()),
                    fmt(entry.overlapped()), fmt(entry.overlapFactor()) + "x");
        }
        out.append(table.render());
    }

    /** Each round's µs per batch at 1000 and 10000 calls: how far the machine moved between the rounds. */
    private void batchRounds(int rounds) {
        List<String> header = new ArrayList<>(List.of("Mechanism"));
        for (int size : List.of(1000, 10000)) {
            for (int round = 1; round <= rounds; round++) {
                header.add(size + ", round " + round);
            }
        }
        AdocTable table = new AdocTable(header.toArray(String[]::new));
        for (String method : run.methods("BatchBenchmark")) {
            List<String> row = new ArrayList<>(List.of(Mechanisms.label(method)));
            for (int size : List.of(1000, 10000)) {
                List<Double> scores = run.find("BatchBenchmark", method, result -> result.intParam("batchSize") == size)
                        .map(JmhResult::roundScores).orElse(List.of());
                for (int round = 0; round < rounds; round++) {
                    row.add(round < scores.size() ? fmt(scores.get(round)) : "-");
                }
            }
            table.row(row);
        }
        out.append(table.render());
    }

    void scaling(String balancerChart) {
        out.append("=== Scaling\n\n")
                .append("Throughput with several JMH caller threads (c) and pool workers (w), all callers together, ")
                .append("calls per ms (higher is better). On 2 cores, 4 callers plus 2 workers oversubscribe the ")
                .append("machine; knitting's workers spin before they park, which costs most when they outnumber ")
                .append("the free cores.\n\n");
        List<JmhResult> results = run.of("ScalingBenchmark");
        List<String> shapes = results.stream().map(MicroSections::shape).distinct().sorted().toList();
        List<String> header = new ArrayList<>(List.of("Mechanism"));
        shapes.forEach(shape -> header.add(shape));
        AdocTable table = new AdocTable(header.toArray(String[]::new));
        AdocTable ratios = new AdocTable(header.toArray(String[]::new));
        for (String method : run.methods("ScalingBenchmark")) {
            List<String> row = new ArrayList<>(List.of(Mechanisms.label(method)));
            List<String> ratioRow = new ArrayList<>(row);
            shapes.forEach(shape -> row.add(fmt(scaling(method, shape))));
            shapes.forEach(shape -> ratioRow.add(ratio(scaling(method, shape), scaling(Mechanisms.THREAD_POOL, shape))));
            table.row(row);
            ratios.row(ratioRow);
        }
        out.append(table.render()).append("The same, as throughput relative to ThreadPoolExecutor:\n\n")
                .append(ratios.render());
        balancers(balancerChart);
    }

    private void balancers(String chart) {
        List<JmhResult> results = run.of("BalancerBenchmark");
        if (results.isEmpty()) {
            return;
        }
        out.append("Balancers of a two-lane knitting pool, with and without work stealing (`host.steal`; a pool ")
                .append("with default settings steals): `roundTrip` in calls per ms (higher is better), `batch` in ")
                .append("µs per batch of 1000 (lower is better), by number of callers. The peers with 2 workers ")
                .append("are in the scaling table above.\n\n");
        List<String> columns = results.stream().map(result -> result.method() + ", " + result.threads() + "c")
                .distinct().sorted().toList();
        List<String> header = new ArrayList<>(List.of("Balancer", "Stealing"));
        header.addAll(columns);
        AdocTable table = new AdocTable(header.toArray(String[]::new));
        for (String balancer : results.stream().map(result -> result.param("balancer")).distinct().toList()) {
            for (String steal : results.stream().map(result -> result.param("steal")).distinct().toList()) {
                List<String> row = new ArrayList<>(List.of(balancer, "true".equals(steal) ? "on" : "off"));
                for (String column : columns) {
                    row.add(results.stream()
                            .filter(result -> result.param("balancer").equals(balancer))
                            .filter(result -> Objects.equals(result.param("steal"), steal))
                            .filter(result -> (result.method() + ", " + result.threads() + "c").equals(column))
                            .findFirst().map(result -> fmt(result.score())).orElse("-"));
                }
                table.row(row);
            }
        }
        out.append(table.render()).append(image(chart));
    }

    /** The heavy-tail benchmark's mechanisms, knitting's variants first. */
    static List<String> heavyTailMechanisms(List<JmhResult> results) {
        return results.stream().map(result -> result.param("mechanism")).distinct()
                .sorted(Comparator.comparing((String mechanism) -> !mechanism.startsWith("knitting"))
                        .thenComparing(mechanism -> mechanism))
                .toList();
    }

    /** The heavy-tail result of one mechanism at one worker count. */
    static Optional<JmhResult> heavyTail(List<JmhResult> results, String mechanism, String workers) {
        return results.stream().filter(result -> result.param("mechanism").equals(mechanism)
                && result.param("workers").equals(workers)).findFirst();
    }

    /** All callers' calls per ms of a sample-time result: callers / mean µs per call x 1000. */
    static double callsPerMs(JmhResult result) {
        return result.threads() * 1000 / result.score();
    }

    static String heavyTailLabel(String mechanism) {
        return switch (mechanism) {
            case "knitting" -> "knitting (defaults)";
            case "knitting-no-steal" -> "knitting, host.steal=false";
            case "knitting-no-spin" -> "knitting, spin 0";
            case "eqe" -> "EnhancedQueueExecutor";
            default -> mechanism;
        };
    }

    void heavyTail(String chart) {
        List<JmhResult> results = run.of("HeavyTailBenchmark");
        if (results.isEmpty()) {
            return;
        }
        out.append("=== Heavy-tailed work\n\n")
                .append("Of every 100 calls, 99 keep their worker busy for 5 µs and one for 500 µs. Four callers ")
                .append("each keep one call in flight and park until its answer, as request threads blocked on a ")
                .append("future do. Latency per call in µs (lower is better); throughput is all callers' calls per ")
                .append("ms (4 / mean, higher is better). `knitting (defaults)` steals; `host.steal=false` shows ")
                .append("what a call queued behind a long one costs without it; `spin 0` parks an idle lane at once ")
                .append("(`worker.timers.spin-microseconds=0`).\n\n");
        AdocTable table = new AdocTable("Mechanism", "Workers", "Calls per ms", "p50", "p90", "p99", "p99.9");
        for (String workers : results.stream().map(result -> result.param("workers")).distinct().sorted().toList()) {
            for (String mechanism : heavyTailMechanisms(results)) {
                heavyTail(results, mechanism, workers).ifPresent(result -> table.row(
                                heavyTailLabel(mechanism), workers, fmt(callsPerMs(result)), fmt(result.p(50.0)),
                                fmt(result.p(90.0)), fmt(result.p(99.0)), fmt(result.p(99.9))));
            }
        }
        out.append(table.render()).append(image(chart));
    }

    void payload() {
        out.append("=== Payload size\n\n")
                .append("Round trip p50 (µs) carrying an argument of the given size in bytes. Knitting hands over ")
                .append("references, so its time should stay flat; _flatness_ is the largest size's p50 divided by ")
                .append("the smallest's (1x is perfectly flat).\n\n");
        List<JmhResult> results = run.of("PayloadBenchmark");
        List<Integer> sizes = results.stream().map(result -> result.intParam("bytes")).distinct().sorted().toList();
        List<String> header = new ArrayList<>(List.of("Mechanism", "Kind"));
        sizes.forEach(size -> header.add(String.valueOf(size)));
        header.add("Flatness");
        AdocTable table = new AdocTable(header.toArray(String[]::new));
        for (String method : run.methods("PayloadBenchmark")) {
            for (String kind : results.stream().map(result -> result.param("kind")).distinct().toList()) {
                List<String> row = new ArrayList<>(List.of(Mechanisms.label(method), kind));
                sizes.forEach(size -> row.add(fmt(payload(method, kind, size))));
                row.add(sizes.isEmpty() ? "-"
                        : ratio(payload(method, kind, sizes.get(sizes.size() - 1)), payload(method, kind, sizes.get(0))));
                table.row(row);
            }
        }
        out.append(table.render());
    }

    void idleCpu() {
        IdleCpu idle = run.idleCpu();
        out.append("=== Idle CPU\n\n").append(idle.heading().replace(":", ".")).append(" The spin handoff is the ")
                .append("control: it never parks, so it burns a whole core.\n\n");
        AdocTable table = new AdocTable("Mechanism", "CPU, % of one core", "Threads");
        for (IdleCpu.Entry entry : idle.entries()) {
            table.row(entry.mechanism(), Numbers.percent(entry.percentOfCore()), String.valueOf(entry.threads()));
        }
        out.append(table.render());
    }

    private static String shape(JmhResult result) {
        return result.threads() + "c x " + result.param("workers") + "w";
    }

    private double scaling(String method, String shape) {
        return run.find("ScalingBenchmark", method, result -> shape(result).equals(shape)).map(JmhResult::score)
                .orElse(Double.NaN);
    }

    private double payload(String method, String kind, int size) {
        return run.find("PayloadBenchmark", method,
                result -> result.param("kind").equals(kind) && result.intParam("bytes") == size)
                .map(result -> result.p(50.0)).orElse(Double.NaN);
    }

    static String image(String chart) {
        return "image::benchmarks/" + chart + "[]\n\n";
    }
}
