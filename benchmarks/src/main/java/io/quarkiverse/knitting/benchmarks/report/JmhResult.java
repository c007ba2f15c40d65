package io.quarkiverse.knitting.benchmarks.report;

import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * One JMH result (one benchmark method with one set of parameters), as JMH writes it with {@code -rf json}.
 *
 * @param type the benchmark class's simple name, e.g. {@code RoundTripBenchmark}
 * @param method the benchmark method, which in this suite names the mechanism, e.g. {@code threadPool}
 * @param threads the number of JMH caller threads
 * @param params the {@code @Param} values, as JMH writes them (strings)
 * @param score the primary score (its unit in {@code unit})
 * @param percentiles the score's percentiles ("50.0" → value), present in sample and single-shot modes
 * @param roundScores the primary score of each round, when the run repeated this benchmark (see {@link #merge});
 *        just {@code score} otherwise
 */
record JmhResult(String type, String method, String mode, int threads, Map<String, String> params, double score,
        String unit, Map<String, Double> percentiles, String jdkVersion, String vmName, String vmVersion,
        String warmup, String measurement, int forks, List<Double> roundScores) {

    static JmhResult of(JsonObject json) {
        String[] name = json.getString("benchmark").split("\\.");
        JsonObject metric = json.getJsonObject("primaryMetric");
        Map<String, String> params = new java.util.TreeMap<>();
        JsonObject rawParams = json.getJsonObject("params", new JsonObject());
        rawParams.fieldNames().forEach(key -> params.put(key, rawParams.getString(key)));
        Map<String, Double> percentiles = new java.util.TreeMap<>();
        JsonObject rawPercentiles = metric.getJsonObject("scorePercentiles", new JsonObject());
        rawPercentiles.fieldNames().forEach(key -> percentiles.put(key, rawPercentiles.getDouble(key)));
        String warmup = json.getInteger("warmupIterations") + " x " + json.getString("warmupTime");
        String measurement = json.getInteger("measurementIterations") + " x " + json.getString("measurementTime");
        return new JmhResult(name[name.length - 2], name[name.length - 1], json.getString("mode"),
                json.getInteger("threads"), params, metric.getDouble("score"), metric.getString("scoreUnit"),
                percentiles, json.getString("jdkVersion"), json.getString("vmName"), json.getString("vmVersion"),
                warmup, measurement, json.getInteger("forks"), List.of(metric.getDouble("score")));
    }

    /** The same benchmark with the same parameters, measured in several rounds: one result whose score is the median. */
    static JmhResult merge(List<JmhResult> rounds) {
        JmhResult first = rounds.get(0);
        if (rounds.size() == 1) {
            return first;
        }
        List<Double> scores = rounds.stream().map(JmhResult::score).toList();
        return new JmhResult(first.type, first.method, first.mode, first.threads, first.params, median(scores),
                first.unit, first.percentiles, first.jdkVersion, first.vmName, first.vmVersion, first.warmup,
                first.measurement, first.forks, scores);
    }

    /** The key that makes two results rounds of one measurement. */
    String identity() {
        return type + "." + method + " " + threads + " " + params;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    String param(String key) {
        return params.get(key);
    }

    int intParam(String key) {
        return Integer.parseInt(params.get(key));
    }

    /** The percentile, e.g. {@code p(50)}; NaN when JMH did not record percentiles for this mode. */
    double p(double percentile) {
        return percentiles.getOrDefault(String.valueOf(percentile), Double.NaN);
    }
}
