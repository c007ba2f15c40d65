package io.quarkiverse.knitting.engine;

import java.util.concurrent.CompletionStage;

import io.smallrye.mutiny.Uni;

/**
 * Tells whether a task's argument (or result) is a {@code Uni} or a {@code CompletionStage}, remembering the last class
 * that was neither.
 * <p>
 * Why remember: on Java 17 to 22 an {@code instanceof} against an interface that the class does not implement scans
 * the class's list of interfaces every time (Java 23 made it a table lookup), and the two checks cost a call of an
 * {@code Integer} task about 30 ns on each side on Java 17, against 3 on Java 25 (the Java 17 data under
 * {@code benchmarks/results/java17-batch-cost-20261130/}). A task's values are nearly always of one class, so one
 * remembered class per task and side turns the checks into one comparison. The field is plain on purpose: a thread that
 * reads a stale class only makes the checks again, and it is written only when the class changes.
 */
final class AsyncValues {

    private Class<?> lastPlain;

    boolean isAsync(Object value) {
        if (value == null) {
            return false;
        }
        Class<?> type = value.getClass();
        if (type == lastPlain) {
            return false;
        }
        if (value instanceof Uni || value instanceof CompletionStage) {
            return true;
        }
        lastPlain = type;
        return false;
    }
}
