package io.quarkiverse.knitting.it;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON body of every mapped failure: a stable {@code code} and a human-readable {@code message}. Registered for
 * reflection because only exception mappers return it, which a native build may not see as a JSON type.
 */
@RegisterForReflection
public record ErrorBody(String code, String message) {
}
