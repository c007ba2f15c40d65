package io.quarkiverse.knitting.benchmarks.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the report's PNG charts with XChart into one directory; each method returns the file's name. */
final class Charts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 500;

    private final Path dir;

    Charts(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** Round trip p50 and p99 per mechanism, with no think time and with 20 µs of it, on a log axis. */
    String roundTrip(MicroRun run) throws IOException {
        CategoryChart chart = bars("Warm round trip by mechanism (log scale, lower is better)", "µs per call");
        chart.setXAxisTitle("percentile and think time between calls");
        List<BarCase> cases = new ArrayList<>();
        for (String gap : List.of("0", "20")) {
            for (double percentile : List.of(50.0, 99.0)) {
                cases.add(new BarCase("p" + (int) percentile + ", gap " + gap + " µs",
                        result -> result.param("gapMicros").equals(gap), result -> result.p(percentile)));
            }
        }
        addMechanisms(chart, run, "RoundTripBenchmark", cases);
        logScale(chart);
        return save(chart, "roundtrip");
    }

    /** The first call after an idle period, p50 per mechanism, on a log axis. */
    String wakeUp(MicroRun run) throws IOException {
        CategoryChart chart = bars("Round trip after idle, p50 (log scale, lower is better)", "µs per call");
        chart.setXAxisTitle("caller and idle time before the call");
        List<String> idles = run.of("WakeUpBenchmark").stream().map(result -> result.param("idleMillis")).distinct()
                .sorted(Comparator.comparingInt(Integer::parseInt)).toList();
        List<BarCase> cases = new ArrayList<>();
        for (String kind : List.of("busy", "blocked")) {
            for (String idle : idles) {
                cases.add(new BarCase(kind + " caller, " + idle + " ms", result -> result.param("idleMillis")
                        .equals(idle) && MicroSections.callerKind(result).equals(kind), result -> result.p(50.0)));
            }
        }
        addMechanisms(chart, run, "WakeUpBenchmark", cases);
        logScale(chart);
        return save(chart, "wakeup");
    }

    /** Time per call within a batch, against the batch's size, one line per mechanism, log-log. */
    String batch(MicroRun run) throws IOException {
        Palette palette = new Palette();
        XYChart chart = lines("Batches: time per call vs batch size (log-log)", "calls per batch", "µs per call");
        for (String method : run.methods("BatchBenchmark")) {
            List<Double> sizes = new ArrayList<>();
            List<Double> perCall = new ArrayList<>();
            for (JmhResult result : run.of("BatchBenchmark")) {
                if (result.method().equals(method)) {
                    sizes.add((double) result.intParam("batchSize"));
                    perCall.add(result.score() / result.intParam("batchSize"));
                }
            }
            palette.style(chart.addSeries(Mechanisms.label(method), sizes, perCall), Mechanisms.label(method))
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        return save(chart, "batch");
    }

    /** Heavy-tailed work: p99 per mechanism, one group of bars per worker count, on a linear axis from zero. */
    String heavyTail(MicroRun run) throws IOException {
        Palette palette = new Palette();
        CategoryChart chart = bars("Heavy-tailed work, 4 callers: p99 latency per call (lower is better)",
                "p99, µs per call");
        chart.setXAxisTitle("worker threads");
        List<JmhResult> results = run.of("HeavyTailBenchmark");
        List<String> workerCounts = results.stream().map(result -> result.param("workers")).distinct().sorted()
                .toList();
        for (String mechanism : MicroSections.heavyTailMechanisms(results)) {
            List<Double> p99 = new ArrayList<>();
            for (String workers : workerCounts) {
                p99.add(MicroSections.heavyTail(results, mechanism, workers).map(result -> result.p(99.0)).orElse(null));
            }
            String label = MicroSections.heavyTailLabel(mechanism);
            palette.style(chart.addSeries(label, workerCounts.stream().map(workers -> workers + " workers").toList(),
                    p99), label);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisLabelRotation(0);
        return save(chart, "heavy-tail");
    }

    /** Balancers of a two-lane pool, one caller: round trips per ms, with and without stealing. */
    String balancers(MicroRun run) throws IOException {
        Palette palette = new Palette();
        CategoryChart chart = bars("Balancers at 2 lanes, 1 caller: round trips per ms (higher is better)",
                "calls per ms");
        chart.setXAxisTitle("balancer");
        List<JmhResult> results = run.of("BalancerBenchmark").stream()
                .filter(result -> result.method().equals("roundTrip") && result.threads() == 1).toList();
        List<String> balancers = results.stream().map(result -> result.param("balancer")).distinct().toList();
        for (String steal : List.of("true", "false")) {
            List<Double> scores = new ArrayList<>();
            for (String balancer : balancers) {
                scores.add(results.stream().filter(result -> result.param("balancer").equals(balancer)
                        && steal.equals(result.param("steal"))).findFirst().map(JmhResult::score).orElse(null));
            }
            String label = steal.equals("true") ? "knitting, with stealing" : "knitting, without stealing";
            palette.style(chart.addSeries(label, balancers, scores), label);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisLabelRotation(0);
        return save(chart, "balancers");
    }

    /** HTTP p99 latency against the number of connections, one line per endpoint. */
    String httpP99(HttpRun run) throws IOException {
        Palette palette = new Palette();
        XYChart chart = lines("HTTP p99 latency vs connections (lower is better)", "concurrent connections (wrk)",
                "p99 latency, ms");
        for (String endpoint : run.endpoints()) {
            List<Double> levels = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            for (int level : run.levels()) {
                run.load(endpoint, level).ifPresent(load -> {
                    levels.add((double) level);
                    p99.add(load.p99() / 1000);
                });
            }
            palette.style(chart.addSeries(HttpSection.label(endpoint), levels, p99), HttpSection.label(endpoint))
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setYAxisMin(0.0);
        return save(chart, "http-p99");
    }

    /** HTTP requests per second per endpoint, grouped by the number of connections. */
    String httpThroughput(HttpRun run) throws IOException {
        Palette palette = new Palette();
        CategoryChart chart = bars("HTTP throughput per endpoint (higher is better)", "requests per second");
        chart.setXAxisTitle("concurrent connections (wrk)");
        List<String> levels = run.levels().stream().map(level -> level + " connections").toList();
        for (String endpoint : run.endpoints()) {
            List<Double> rps = new ArrayList<>();
            for (int level : run.levels()) {
                rps.add(run.load(endpoint, level).map(HttpRun.Load::rps).orElse(0.0));
            }
            palette.style(chart.addSeries(HttpSection.label(endpoint), levels, rps), HttpSection.label(endpoint));
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisLabelRotation(0);
        return save(chart, "http-throughput");
    }

    /** One series per mechanism of the benchmark type, one category per case, knitting's series highlighted. */
    /** One group of bars: its label, which results it reads, and the figure it takes from each. */
    private record BarCase(String label, Predicate<JmhResult> filter, ToDoubleFunction<JmhResult> value) {
    }

    private static void addMechanisms(CategoryChart chart, MicroRun run, String type, List<BarCase> cases) {
        Palette palette = new Palette();
        List<String> labels = cases.stream().map(BarCase::label).toList();
        List<String> methods = run.methods(type).stream()
                .sorted(Comparator.comparing(method -> !Palette.isKnitting(Mechanisms.label(method))))
                .toList();
        for (String method : methods) {
            List<Double> ys = new ArrayList<>();
            for (BarCase bar : cases) {
                ys.add(run.find(type, method, bar.filter()).map(bar.value()::applyAsDouble).filter(y -> !y.isNaN())
                        .orElse(null));
            }
            if (ys.stream().allMatch(Objects::isNull)) {
                continue;
            }
            String label = Mechanisms.label(method);
            palette.style(chart.addSeries(label, labels, ys), label);
        }
    }

    /** A log Y axis: XChart's bars start at the axis minimum, which must then be set above zero. */
    private static void logScale(CategoryChart chart) {
        double min = Double.MAX_VALUE;
        for (var series : chart.getSeriesMap().values()) {
            for (Number y : series.getYData()) {
                if (y != null && y.doubleValue() > 0) {
                    min = Math.min(min, y.doubleValue());
                }
            }
        }
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
    }

    private static CategoryChart bars(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(LegendLayout.Vertical);
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAvailableSpaceFill(0.8);
        return chart;
    }

    private static XYChart lines(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private String save(Chart<?, ?> chart, String name) throws IOException {
        String file = name + ".png";
        try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
            BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
        }
        return file;
    }
}
