package org.acme.guide;

import java.security.MessageDigest;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;

/** The engine page's example of a pool built without CDI, run by {@code GuideSnippetsTest}. */
public final class HashingWithoutCdi {

    private HashingWithoutCdi() {
    }

    public static byte[] digest(byte[] payload) {
        // tag::builder[]
        try (KnittingPool pool = KnittingPool.builder()
                .name("hashing")
                .threads(2)
                .balancer(Balancer.FIRST_IDLE)
                .hardTimeoutMs(2_000)
                .build()) {

            TaskRef<byte[], byte[]> sha256 = pool.register("sha256",
                    bytes -> MessageDigest.getInstance("SHA-256").digest(bytes));

            TaskRef<String, Integer> slowParse = pool.register("parse",
                    TaskOptions.defaults().withTimeoutMs(50).withAbortable(true),
                    text -> parse(text, AbortSignal.current()));

            byte[] digest = sha256.call(payload).await().indefinitely();
            // end::builder[]
            if (slowParse.call("12").await().indefinitely() != 12) {
                throw new IllegalStateException("parse");
            }
            return digest;
            // tag::builder[]
        }
        // end::builder[]
    }

    /** Parses a decimal number digit by digit, stopping when the call is aborted. */
    static int parse(String text, AbortSignal signal) {
        int value = 0;
        for (int i = 0; i < text.length() && !signal.hasAborted(); i++) {
            value = value * 10 + Character.digit(text.charAt(i), 10);
        }
        return value;
    }
}
