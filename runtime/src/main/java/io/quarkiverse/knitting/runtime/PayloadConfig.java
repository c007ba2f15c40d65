package io.quarkiverse.knitting.runtime;

import java.util.OptionalLong;

import io.quarkiverse.knitting.PayloadMode;
import io.quarkiverse.knitting.PoolDefaults;
import io.smallrye.config.WithDefault;

/** Payload limits. */
public interface PayloadConfig {

    /** {@code growable} or {@code fixed}; shapes validation as in the JavaScript library. */
    @WithDefault(PoolDefaults.PAYLOAD_MODE)
    PayloadMode mode();

    /**
     * Resolved as in the JavaScript library: in growable mode the smaller of this (4 MiB when unset) and
     * {@code payload-max-byte-length}; in fixed mode {@code payload-max-byte-length}, whatever is set here.
     */
    OptionalLong payloadInitialBytes();

    /** Its eighth is the ceiling of {@code max-payload-bytes}; at least 8. */
    @WithDefault("" + PoolDefaults.PAYLOAD_MAX_BYTE_LENGTH)
    long payloadMaxByteLength();

    /**
     * Most bytes of binary and text values in one call's arguments, and in its result; over it the call fails
     * with {@code PayloadTooLargeException} ({@code KNT_ERROR_3}). Default {@code payload-max-byte-length >> 3};
     * must be greater than 0 and at most that.
     */
    OptionalLong maxPayloadBytes();
}
