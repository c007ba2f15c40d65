package io.quarkiverse.knitting;

/** The JavaScript library's payload buffer mode; on the JVM it only shapes validation (see the guide). */
public enum PayloadMode {
    GROWABLE,
    FIXED
}
