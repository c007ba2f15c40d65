package io.quarkiverse.knitting;

/** Where the inline lane sits among the lanes the balancer sees. */
public enum InlinerPosition {
    FIRST,
    LAST
}
