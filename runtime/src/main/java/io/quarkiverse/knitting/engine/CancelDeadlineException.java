package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskTimeoutException;

/**
 * A call given up at its cancel deadline ({@code TaskOptions.cancelAfterMs}), which mirrors a timeout its caller keeps
 * itself. The caller has most likely answered already; when it has not, the extension turns this into that caller's
 * own timeout failure (Fault Tolerance's {@code TimeoutException}), so which clock fired first never shows.
 */
public final class CancelDeadlineException extends TaskTimeoutException {

    private final transient TaskRef<?, ?> task;

    CancelDeadlineException(TaskRef<?, ?> task, String message) {
        super(message);
        this.task = task;
    }

    /**
     * The task whose call was given up: a body that lets a nested call's failure through passes on another task's
     * deadline, which is not its own caller's.
     */
    public TaskRef<?, ?> task() {
        return task;
    }
}
