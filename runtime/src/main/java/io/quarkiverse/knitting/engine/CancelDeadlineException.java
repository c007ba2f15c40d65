package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.TaskTimeoutException;

/**
 * A call given up at its cancel deadline ({@code TaskOptions.cancelAfterMs}), which mirrors a timeout its caller keeps
 * itself. The caller has most likely answered already; when it has not, the extension turns this into that caller's
 * own timeout failure (Fault Tolerance's {@code TimeoutException}), so which clock fired first never shows.
 */
public final class CancelDeadlineException extends TaskTimeoutException {

    CancelDeadlineException(String message) {
        super(message);
    }
}
