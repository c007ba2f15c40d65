package io.quarkiverse.knitting.engine;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one task's calls did, kept only for pools whose {@code metrics.enabled} is on (Quarkus turns it on when the
 * application has Micrometer): every call by outcome, and for one call in {@code metrics.timer-sampling} (chosen at
 * random by its caller) the time it waited before starting and ran on a lane. Every
 * count is a {@link LongAdder}, bumped by the thread that settled or ran the call (mostly the lane itself, so the cells
 * stay in its cache); readers sum them when the registry is scraped.
 */
public final class TaskMeter {

    /** How a call ended, as the {@code outcome} tag of {@code knitting.calls} spells it. */
    public enum Outcome {
        COMPLETED("completed"),
        FAILED("failed"),
        /** The soft timeout ({@code timeoutMs}) or the cancel deadline ({@code cancelAfterMs}) passed first. */
        TIMEOUT("timeout"),
        /** Ran, or waited, longer than {@code worker.hard-timeout-ms}. */
        HARD_TIMEOUT("hard-timeout"),
        /** Its caller cancelled it. */
        CANCELLED("cancelled"),
        /** Refused without running: closed pool, payload, abort capacity, {@code max-queued}, queue timeout. */
        REJECTED("rejected");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final String task;
    /** One call in this many is timed ({@code metrics.timer-sampling}). */
    private final int timerSampling;
    private final LongAdder[] outcomes = new LongAdder[OUTCOMES.length];
    private final LongAdder started = new LongAdder();
    private final LongAdder queueWaitNanos = new LongAdder();
    private final LongAdder ran = new LongAdder();
    private final LongAdder runNanos = new LongAdder();

    TaskMeter(String task, int timerSampling) {
        this.task = task;
        this.timerSampling = timerSampling;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    /** The task's registered name, as the {@code task} tag spells it. */
    public String task() {
        return task;
    }

    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    /** Timed calls that started on a lane (one call in {@code metrics.timer-sampling} is timed). */
    public long started() {
        return started.sum();
    }

    /** Total time the timed calls that started waited between dispatch and start. */
    public long queueWaitNanos() {
        return queueWaitNanos.sum();
    }

    /** Timed calls whose body ran and ended (returned or threw), whatever their outcome. */
    public long ran() {
        return ran.sum();
    }

    /** Total time those bodies ran on their lane. */
    public long runNanos() {
        return runNanos.sum();
    }

    /** Whether the call being dispatched is timed: at random, one in {@code metrics.timer-sampling}. */
    boolean timesThisCall() {
        return timerSampling == 1 || ThreadLocalRandom.current().nextInt(timerSampling) == 0;
    }

    void record(Outcome outcome) {
        outcomes[outcome.ordinal()].increment();
    }

    void started(long waitedNanos) {
        started.increment();
        queueWaitNanos.add(Math.max(0, waitedNanos));
    }

    void ran(long nanos) {
        ran.increment();
        runNanos.add(Math.max(0, nanos));
    }
}
