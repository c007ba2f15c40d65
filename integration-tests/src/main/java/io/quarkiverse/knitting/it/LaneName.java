package io.quarkiverse.knitting.it;

/** The worker thread a task body ran on, e.g. {@code knitting-fast-1}. */
public record LaneName(String thread) {

    static LaneName current() {
        return new LaneName(Thread.currentThread().getName());
    }
}
