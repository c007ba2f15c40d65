package io.quarkiverse.knitting.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What {@code benchmarks/http-app/run-http} wrote to {@code http-<mode>.json}: wrk runs per endpoint and level. */
record HttpRun(String date, int cpus, String java, String wrk, Map<String, Object> settings,
        JsonObject workPerRequest, List<Load> loads, List<Sporadic> sporadic, List<Overhead> overheads) {

    /** One wrk run: an endpoint under a number of open connections. Latencies in µs. */
    record Load(String endpoint, int connections, double rps, double p50, double p99, double p999,
            long errors) {
    }

    /** Requests one at a time, {@code gapMs} apart, per endpoint: time to first byte in µs. */
    record Sporadic(String endpoint, int requests, int gapMs, double p50, double p99) {
    }

    /** One in-process JMH result of the app's overhead benchmark, µs per operation. */
    record Overhead(String benchmark, double score, double error) {
    }

    static Optional<HttpRun> read(Path resultsDir, String mode) throws IOException {
        Path file = resultsDir.resolve("http-" + mode + ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonObject json = new JsonObject(Files.readString(file));
        JsonObject machine = json.getJsonObject("machine", new JsonObject());
        Map<String, Object> settings = new LinkedHashMap<>(json.getJsonObject("settings", new JsonObject()).getMap());
        return Optional.of(new HttpRun(json.getString("date"), machine.getInteger("cpus", 0),
                machine.getString("java", "?"), machine.getString("wrk", "?"), settings,
                json.getJsonObject("work_per_request", new JsonObject()), loads(json.getJsonArray("results")),
                sporadic(json.getJsonArray("sporadic", new JsonArray())),
                overheads(json.getJsonArray("overhead", new JsonArray()))));
    }

    private static List<Load> loads(JsonArray results) {
        List<Load> loads = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonObject run = results.getJsonObject(i);
            JsonObject latency = run.getJsonObject("latency_us");
            long errors = 0;
            for (Object count : run.getJsonObject("errors", new JsonObject()).getMap().values()) {
                errors += ((Number) count).longValue();
            }
            loads.add(new Load(run.getString("endpoint"), run.getInteger("connections"), run.getDouble("rps"), latency.getDouble("p50"), latency.getDouble("p99"),
                    latency.getDouble("p999"), errors));
        }
        return List.copyOf(loads);
    }

    private static List<Sporadic> sporadic(JsonArray results) {
        List<Sporadic> sporadic = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonObject result = results.getJsonObject(i);
            JsonObject ttfb = result.getJsonObject("ttfb_us");
            sporadic.add(new Sporadic(result.getString("endpoint"), result.getInteger("requests"),
                    result.getInteger("gap_ms"), ttfb.getDouble("p50"), ttfb.getDouble("p99")));
        }
        return List.copyOf(sporadic);
    }

    private static List<Overhead> overheads(JsonArray results) {
        List<Overhead> overheads = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonObject result = results.getJsonObject(i);
            overheads.add(new Overhead(result.getString("benchmark"), result.getDouble("score"),
                    result.getDouble("error", Double.NaN)));
        }
        return List.copyOf(overheads);
    }

    List<String> endpoints() {
        return loads.stream().map(Load::endpoint).distinct().toList();
    }

    List<Integer> levels() {
        return loads.stream().map(Load::connections).distinct().sorted().toList();
    }

    Optional<Load> load(String endpoint, int connections) {
        return loads.stream()
                .filter(load -> load.endpoint().equals(endpoint) && load.connections() == connections)
                .findFirst();
    }
}
