package io.quarkiverse.knitting;

/** The base of every failure raised by knitting itself; task failures reach callers unchanged. */
public class KnittingException extends RuntimeException {

    private final String code;

    public KnittingException(String code, String message) {
        super(message);
        this.code = code;
    }

    public KnittingException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A stable code for programs and logs, e.g. {@code KNT_ERROR_3}. */
    public String code() {
        return code;
    }
}
