package io.quarkiverse.knitting.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The text {@code IdleCpuProbe} prints: one line per mechanism with its CPU use while idle. */
record IdleCpu(String heading, List<Entry> entries) {

    /** One mechanism: its CPU use in percent of one core over the probe's window, and how many threads it has. */
    record Entry(String mechanism, double percentOfCore, int threads) {
    }

    private static final Pattern LINE = Pattern.compile("^  (\\S.*?)\\s{2,}([0-9.]+) % of one core \\((\\d+) threads?\\)");

    static IdleCpu read(Path file) throws IOException {
        ProbeText<Entry> text = ProbeText.read(file, "idle-CPU probe", LINE, match -> new Entry(
                match.group(1).trim(), Double.parseDouble(match.group(2)), Integer.parseInt(match.group(3))));
        return new IdleCpu(text.heading(), text.entries());
    }

    /** The knitting line, or null when the probe did not measure it. */
    Entry knitting() {
        return entries.stream().filter(entry -> entry.mechanism().startsWith("knitting")).findFirst().orElse(null);
    }
}
