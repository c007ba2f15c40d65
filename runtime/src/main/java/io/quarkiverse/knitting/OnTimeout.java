package io.quarkiverse.knitting;

/** What a call completes with when its soft timeout passes. */
public enum OnTimeout {
    /** Fail the call with {@link TaskTimeoutException}. */
    FAIL,
    /** Complete the call with {@code null} (the JavaScript library's {@code maybe: true}). */
    NULL
}
