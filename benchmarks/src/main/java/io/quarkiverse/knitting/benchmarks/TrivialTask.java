package io.quarkiverse.knitting.benchmarks;

import io.quarkiverse.knitting.TaskFunction;

/** The trivial bodies every mechanism runs, so that only the way a call reaches a worker and back differs. */
final class TrivialTask {

    /** Below 127, so the argument and the result are cached {@code Integer}s and boxing never allocates. */
    static final int ARGUMENT = 41;

    static final TaskFunction<Integer, Integer> INCREMENT = argument -> argument + 1;

    /** The payload benchmark's body: the argument comes back as it is (same reference, nothing copied). */
    static final TaskFunction<Object, Object> ECHO = payload -> payload;

    private TrivialTask() {
    }
}
