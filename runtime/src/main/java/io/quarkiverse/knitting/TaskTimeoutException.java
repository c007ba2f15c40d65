package io.quarkiverse.knitting;

/** A call did not finish within its task's soft timeout. */
public class TaskTimeoutException extends KnittingException {

    public static final String CODE = "KNT_TIMEOUT";

    public TaskTimeoutException(String message) {
        super(CODE, message);
    }
}
