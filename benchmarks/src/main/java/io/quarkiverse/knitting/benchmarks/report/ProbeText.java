package io.quarkiverse.knitting.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a probe printed: its first line, and one entry for each line that matches the probe's line pattern. */
record ProbeText<T>(String heading, List<T> entries) {

    static <T> ProbeText<T> read(Path file, String probe, Pattern line, Function<Matcher, T> entry) throws IOException {
        if (!Files.exists(file)) {
            return new ProbeText<>("(no " + probe + " output: " + file.getFileName() + ")", List.of());
        }
        List<String> lines = Files.readAllLines(file);
        List<T> entries = new ArrayList<>();
        for (String text : lines) {
            Matcher match = line.matcher(text);
            if (match.find()) {
                entries.add(entry.apply(match));
            }
        }
        return new ProbeText<>(lines.isEmpty() ? "" : lines.get(0), List.copyOf(entries));
    }
}
