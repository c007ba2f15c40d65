package io.quarkiverse.knitting;

/** A call ran, or waited, longer than the pool's {@code worker.hard-timeout-ms}. */
public class HardTimeoutException extends KnittingException {

    public static final String CODE = "KNT_HARD_TIMEOUT";

    public HardTimeoutException(String message) {
        super(CODE, message);
    }
}
