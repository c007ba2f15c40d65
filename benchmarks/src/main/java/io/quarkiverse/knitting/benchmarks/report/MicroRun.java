package io.quarkiverse.knitting.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;

/** The newest {@code benchmarks/run-micro} run of one mode: every part's JMH results and the two probes' outputs. */
record MicroRun(String stamp, List<JmhResult> results, IdleCpu idleCpu, BatchCost batchCost) {

    private static final Pattern PART = Pattern.compile("micro-(quick|full)-(\\d{8}-\\d{6})-([a-z0-9-]+)\\.json");

    static MicroRun newest(Path resultsDir, String mode) throws IOException {
        String stamp = newestStamp(resultsDir, mode);
        List<JmhResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(resultsDir)) {
            for (Path file : files.sorted().toList()) {
                Matcher name = PART.matcher(file.getFileName().toString());
                if (name.matches() && name.group(1).equals(mode) && name.group(2).equals(stamp)) {
                    results.addAll(read(file));
                }
            }
        }
        Path idle = resultsDir.resolve("micro-" + mode + "-" + stamp + "-idle-cpu.txt");
        Path batchCost = resultsDir.resolve("micro-" + mode + "-" + stamp + "-batch-cost.txt");
        return new MicroRun(stamp, mergeRounds(results), IdleCpu.read(idle), BatchCost.read(batchCost));
    }

    /** Parts run in rounds (batch-r1, batch-r2, ...) hold one result per round: keep one, with the median score. */
    private static List<JmhResult> mergeRounds(List<JmhResult> results) {
        Map<String, List<JmhResult>> byIdentity = new LinkedHashMap<>();
        for (JmhResult result : results) {
            byIdentity.computeIfAbsent(result.identity(), key -> new ArrayList<>()).add(result);
        }
        return byIdentity.values().stream().map(JmhResult::merge).toList();
    }

    /** How many rounds measured the benchmarks of one class (1 when it ran once). */
    int rounds(String type) {
        return of(type).stream().mapToInt(result -> result.roundScores().size()).max().orElse(0);
    }

    private static String newestStamp(Path resultsDir, String mode) throws IOException {
        try (Stream<Path> files = Files.list(resultsDir)) {
            return files.map(file -> PART.matcher(file.getFileName().toString()))
                    .filter(name -> name.matches() && name.group(1).equals(mode))
                    .map(name -> name.group(2))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no micro-" + mode + "-*.json in " + resultsDir + ": run benchmarks/run-micro " + mode));
        }
    }

    private static List<JmhResult> read(Path file) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return List.of(); // a part whose JMH run failed before writing anything
            }
            JsonArray array = new JsonArray(text);
            List<JmhResult> results = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                results.add(JmhResult.of(array.getJsonObject(i)));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every result of one benchmark class, in file order. */
    List<JmhResult> of(String type) {
        return results.stream().filter(result -> result.type().equals(type)).toList();
    }

    Optional<JmhResult> find(String type, String method, Predicate<JmhResult> filter) {
        return results.stream()
                .filter(result -> result.type().equals(type) && result.method().equals(method))
                .filter(filter)
                .findFirst();
    }

    /** The mechanisms (method names) of one benchmark class, in first-seen order. */
    List<String> methods(String type) {
        return of(type).stream().map(JmhResult::method).distinct().toList();
    }

    /** The first result's JVM, e.g. "OpenJDK 64-Bit Server VM 25.0.3+9-LTS". */
    String jvm() {
        return results.isEmpty() ? "unknown" : results.get(0).vmName() + " " + results.get(0).vmVersion();
    }
}
