package io.quarkiverse.knitting.benchmarks.report;

import static io.quarkiverse.knitting.benchmarks.report.Numbers.fmt;
import static io.quarkiverse.knitting.benchmarks.report.Numbers.ratio;

/** The report's section on the HTTP load test of {@code benchmarks/http-app}. */
final class HttpSection {

    private final HttpRun run;
    private final StringBuilder out;

    HttpSection(HttpRun run, StringBuilder out) {
        this.run = run;
        this.out = out;
    }

    /** An endpoint's name in the charts' legends: the one that uses knitting says so. */
    static String label(String endpoint) {
        return endpoint.equals("task") ? "task (knitting)" : endpoint;
    }

    void write(String p99Chart, String throughputChart) {
        out.append("== HTTP\n\n")
                .append("wrk drives one GET endpoint at a time of `benchmarks/http-app`; every endpoint does the same ")
                .append("CPU work per request (p50 ").append(fmt(run.workPerRequest().getDouble("p50_us", Double.NaN)))
                .append(" µs, p99 ").append(fmt(run.workPerRequest().getDouble("p99_us", Double.NaN)))
                .append(" µs measured in the app) on a different thread:\n\n")
                .append("* `event-loop`: on the Vert.x event loop itself (no hand-off);\n")
                .append("* `blocking`: `@Blocking`, on the Quarkus worker pool;\n")
                .append("* `virtual-thread`: `@RunOnVirtualThread`;\n")
                .append("* `emit-on`: a `Uni` moved to the worker pool with `emitOn`;\n")
                .append("* `task`: a knitting `@Task` method, answered back on the request's event loop.\n\n")
                .append("Latencies in ms; the ratios compare each endpoint with `blocking` at the same number of ")
                .append("connections (throughput: higher is better; p99: below 1x is better).\n\n");
        AdocTable table = new AdocTable("Endpoint", "Connections", "Req/s", "p50", "p99", "p99.9", "Req/s vs blocking",
                "p99 vs blocking", "Errors");
        for (int level : run.levels()) {
            HttpRun.Load blocking = run.load("blocking", level).orElse(null);
            for (String endpoint : run.endpoints()) {
                run.load(endpoint, level).ifPresent(load -> table.row(endpoint, String.valueOf(level), fmt(load.rps()),
                        fmt(load.p50() / 1000), fmt(load.p99() / 1000), fmt(load.p999() / 1000),
                        blocking == null ? "-" : ratio(load.rps(), blocking.rps()),
                        blocking == null ? "-" : ratio(load.p99(), blocking.p99()), String.valueOf(load.errors())));
            }
        }
        out.append(table.render())
                .append(MicroSections.image(p99Chart))
                .append(MicroSections.image(throughputChart));
        sporadic();
        overhead();
    }

    private void sporadic() {
        if (run.sporadic().isEmpty()) {
            return;
        }
        HttpRun.Sporadic first = run.sporadic().get(0);
        out.append("=== Sporadic requests\n\n")
                .append("One request at a time, ").append(first.gapMs()).append(" ms apart (a service that is not ")
                .append("saturated: the threads that do the work have gone idle in between), ").append(first.requests())
                .append(" requests per endpoint in two rounds; time to first byte measured by curl, new connection ")
                .append("each time, ms. Ratios to `blocking` (below 1x is better).\n\n");
        HttpRun.Sporadic blocking = run.sporadic().stream().filter(row -> row.endpoint().equals("blocking"))
                .findFirst().orElse(null);
        AdocTable table = new AdocTable("Endpoint", "p50", "p99", "p50 vs blocking", "p99 vs blocking");
        for (HttpRun.Sporadic row : run.sporadic()) {
            table.row(row.endpoint(), fmt(row.p50() / 1000), fmt(row.p99() / 1000),
                    blocking == null ? "-" : ratio(row.p50(), blocking.p50()),
                    blocking == null ? "-" : ratio(row.p99(), blocking.p99()));
        }
        out.append(table.render());
    }

    private void overhead() {
        if (run.overheads().isEmpty()) {
            return;
        }
        out.append("=== Call overhead inside the app\n\n")
                .append("In-process JMH (`POST /overhead`): the cost of one trivial call, µs per call.\n\n");
        AdocTable table = new AdocTable("Benchmark", "µs per call", "Error (99.9%)");
        for (HttpRun.Overhead overhead : run.overheads()) {
            table.row("`" + overhead.benchmark() + "`", fmt(overhead.score()), fmt(overhead.error()));
        }
        out.append(table.render());
    }
}
