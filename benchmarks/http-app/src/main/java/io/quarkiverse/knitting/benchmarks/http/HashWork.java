package io.quarkiverse.knitting.benchmarks.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The CPU-bound work behind every endpoint: SHA-256 over a fixed 8 KiB buffer, {@value #ROUNDS} rounds, each round
 * hashing the buffer followed by the previous round's digest (so no round can be skipped). About 29 µs on the 2-vCPU
 * machine it was sized on (SHA-NI intrinsics, Java 17 and 25 alike); {@code GET /work/calibrate} and
 * {@code WorkBenchmark} measure it where the app runs.
 */
public final class HashWork {

    static final int BUFFER_BYTES = 8 * 1024;
    static final int ROUNDS = 6;

    private static final byte[] BUFFER = buffer();
    private static final HexFormat HEX = HexFormat.of();

    private HashWork() {
    }

    /** The final digest in lower-case hex; the same on every call. */
    public static String hash() {
        MessageDigest sha256 = sha256();
        byte[] digest = new byte[0];
        for (int round = 0; round < ROUNDS; round++) {
            sha256.update(BUFFER);
            digest = sha256.digest(digest);
        }
        return HEX.formatHex(digest);
    }

    /** What an endpoint answers: the digest and the thread that computed it, e.g. {@code 3fa0… executor-thread-1}. */
    public static String answer() {
        return hash() + ' ' + Thread.currentThread().getName();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }

    private static byte[] buffer() {
        byte[] bytes = new byte[BUFFER_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
