package io.quarkiverse.knitting.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text {@code BatchCostProbe} prints: per mechanism, ns per call of each side alone and of both overlapped. */
record BatchCost(String heading, List<Entry> entries) {

    record Entry(String mechanism, double dispatchAlone, double drainAlone, double overlapped) {

        /** How many times the slower side alone the overlapped batch takes. */
        double overlapFactor() {
            return overlapped / Math.max(dispatchAlone, drainAlone);
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "^  (\\S.*?)\\s+dispatch alone\\s+([0-9.]+)\\s+drain alone\\s+([0-9.]+)\\s+overlapped\\s+([0-9.]+)");

    private static final Pattern PASSES = Pattern.compile("median of (\\d+) passes");

    /** How many passes the probe made (its heading says), 1 when it does not say. */
    int passes() {
        Matcher match = PASSES.matcher(heading);
        return match.find() ? Integer.parseInt(match.group(1)) : 1;
    }

    private static final Pattern TURNS = Pattern.compile("median of ([0-9,]+) batches");

    /** How many batches each figure of a pass is the median of (its heading says), 0 when it does not say. */
    int batchesPerFigure() {
        Matcher match = TURNS.matcher(heading);
        return match.find() ? Integer.parseInt(match.group(1).replace(",", "")) : 0;
    }

    static BatchCost read(Path file) throws IOException {
        ProbeText<Entry> text = ProbeText.read(file, "batch-cost probe", LINE, match -> new Entry(
                match.group(1).trim(), Double.parseDouble(match.group(2)), Double.parseDouble(match.group(3)),
                Double.parseDouble(match.group(4))));
        return new BatchCost(text.heading(), text.entries());
    }
}
