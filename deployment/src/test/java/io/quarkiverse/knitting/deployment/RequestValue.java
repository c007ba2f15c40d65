package io.quarkiverse.knitting.deployment;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.arc.Arc;

/**
 * A value per request, for the tests of what a body sees of its caller's request context. Read and written through
 * methods: a field of a client proxy is the proxy's own, shared by every request.
 */
@RequestScoped
class RequestValue {
    private String value = "unset";

    String value() {
        return value;
    }

    void set(String value) {
        this.value = value;
    }

    /** The value in the request context active here, if one is. */
    static String seenBy(RequestValue data) {
        return Arc.container().requestContext().isActive() ? data.value() : "no request context";
    }
}
