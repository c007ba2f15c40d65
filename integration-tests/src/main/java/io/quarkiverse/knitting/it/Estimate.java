package io.quarkiverse.knitting.it;

/** A value and where it came from: {@code lane} (the task body) or {@code fallback} (the FT fallback method). */
public record Estimate(long value, String source) {
}
