package io.quarkiverse.knitting;

/** The binary or text values of a call's argument or result exceed {@code payload.max-payload-bytes}. */
public class PayloadTooLargeException extends KnittingException {

    public static final String CODE = "KNT_ERROR_3";

    public PayloadTooLargeException(String message) {
        super(CODE, message);
    }
}
