package io.quarkiverse.knitting;

/** Every abort slot ({@code abort-signal-capacity}) is held by a call in flight. */
public class AbortCapacityExceededException extends KnittingException {

    public static final String CODE = "KNT_ABORT_CAPACITY";

    public AbortCapacityExceededException(String message) {
        super(CODE, message);
    }
}
