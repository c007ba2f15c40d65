package io.quarkiverse.knitting;

import java.util.List;

/**
 * Pool options with values outside what is allowed: every problem found, each naming the key, the value and what is
 * allowed. {@link #key()}, {@link #value()} and {@link #allowed()} describe the first.
 */
public final class InvalidOptionException extends IllegalArgumentException {

    /** One invalid option: the key relative to the pool ({@code worker.timers.park-ms}), its value, what is allowed. */
    public record Problem(String key, String value, String allowed) {
    }

    private final transient List<Problem> problems;

    public InvalidOptionException(String pool, String key, Object value, String allowed) {
        this(pool, List.of(new Problem(key, String.valueOf(value), allowed)));
    }

    /** @param problems at least one */
    public InvalidOptionException(String pool, List<Problem> problems) {
        super(message(pool, problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(String pool, List<Problem> problems) {
        StringBuilder message = new StringBuilder();
        for (Problem problem : problems) {
            message.append(message.length() == 0 ? "" : "; ").append("Invalid knitting option ").append(problem.key())
                    .append('=').append(problem.value()).append(" for pool '").append(pool).append("': allowed is ")
                    .append(problem.allowed());
        }
        return message.toString();
    }

    /** Every invalid option found, in the order of the {@code knitting.*} tree. */
    public List<Problem> problems() {
        return problems;
    }

    /** The key of the first problem, relative to the pool, e.g. {@code worker.timers.park-ms}. */
    public String key() {
        return problems.get(0).key();
    }

    public String value() {
        return problems.get(0).value();
    }

    public String allowed() {
        return problems.get(0).allowed();
    }
}
