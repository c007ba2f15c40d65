package io.quarkiverse.knitting;

/** What a pool does after a call has run longer than {@code worker.hard-timeout-ms}. */
public enum HardTimeoutPolicy {
    /** Every lane gets a fresh worker thread (a new generation); the pool keeps answering. */
    RESTART,
    /** The pool closes, as the JavaScript library does. */
    SHUTDOWN,
    /** Only the stuck lane gets a fresh worker thread; other calls are unaffected. */
    REPLACE_LANE
}
