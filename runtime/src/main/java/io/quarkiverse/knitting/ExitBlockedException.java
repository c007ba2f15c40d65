package io.quarkiverse.knitting;

/**
 * Code in a class that declares {@code @Task} methods called {@code System.exit}, {@code Runtime.exit} or
 * {@code Runtime.halt} under {@code knitting.permission=strict}: the call was blocked and the JVM keeps running.
 */
public class ExitBlockedException extends KnittingException {

    public static final String CODE = "KNT_EXIT_BLOCKED";

    public ExitBlockedException(String message) {
        super(CODE, message);
    }
}
