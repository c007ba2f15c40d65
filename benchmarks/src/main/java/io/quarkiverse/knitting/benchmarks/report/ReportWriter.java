package io.quarkiverse.knitting.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns the newest results of one benchmark mode into the documentation's benchmark page and its charts.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.quarkiverse.knitting.benchmarks.report.ReportWriter \
 *     quick|full benchmarks/results docs/modules/ROOT
 * </pre>
 *
 * Reads {@code micro-<mode>-<time>-*.json} and {@code -idle-cpu.txt} (the newest time) and {@code http-<mode>.json};
 * writes {@code pages/benchmarks.adoc} and {@code assets/images/benchmarks/*.png} under the Antora module.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !List.of("quick", "full").contains(args[0])) {
            System.err.println("usage: ReportWriter quick|full <results dir> <Antora module dir>");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        String mode = args[0];
        Path results = Path.of(args[1]);
        Path module = Path.of(args[2]);

        MicroRun micro = MicroRun.newest(results, mode);
        Optional<HttpRun> http = HttpRun.read(results, mode);
        Charts charts = new Charts(module.resolve("assets/images/benchmarks"));
        BenchmarksPage.ChartFiles files = new BenchmarksPage.ChartFiles(charts.roundTrip(micro),
                charts.wakeUp(micro), charts.batch(micro), charts.balancers(micro), charts.heavyTail(micro),
                http.isPresent() ? charts.httpP99(http.get()) : null,
                http.isPresent() ? charts.httpThroughput(http.get()) : null);
        List<Goals.Goal> goals = Goals.check(micro, http);
        Path page = module.resolve("pages/benchmarks.adoc");
        Files.writeString(page, new BenchmarksPage(mode, micro, http, goals).render(files));

        System.out.println("wrote " + page + " and charts from micro run " + micro.stamp()
                + (http.isPresent() ? " and http-" + mode + ".json" : " (no http-" + mode + ".json)"));
        for (Goals.Goal goal : goals) {
            System.out.println("  " + goal.verdict().text + ": " + goal.target() + " (" + goal.measured() + ")");
        }
    }
}
