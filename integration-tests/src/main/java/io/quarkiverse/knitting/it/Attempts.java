package io.quarkiverse.knitting.it;

import java.util.List;

/** The lanes every attempt of a retried call ran on, in order; the last attempt succeeded. */
public record Attempts(String key, List<String> threads) {
}
