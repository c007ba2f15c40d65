package io.quarkiverse.knitting.it;

/** The SHA-256 of a request body (lower-case hex), computed on {@code thread}. */
public record Digest(String sha256, int bytes, String thread) {
}
