package io.quarkiverse.knitting.it;

/** How many bytes a task body received, and the lane it ran on. */
public record Received(int bytes, String thread) {
}
