package io.quarkiverse.knitting;

/** The JavaScript library's payload buffer mode; on the JVM it only shapes validation (see the guide). */
public enum PayloadMode {
    GROWABLE,
    FIXED;

    /** What configuration accepts, as error messages say it. */
    public static final String ALLOWED = "growable or fixed";
}
