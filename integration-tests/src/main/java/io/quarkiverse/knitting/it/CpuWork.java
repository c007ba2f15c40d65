package io.quarkiverse.knitting.it;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** CPU-bound work on the default pool: the bodies run on {@code knitting-default-0}, never on the event loop. */
@ApplicationScoped
public class CpuWork {

    /** Counts the primes below {@code limit} with a sieve of Eratosthenes. */
    @Task
    public Uni<PrimeCount> countPrimes(int limit) {
        BitSet composite = new BitSet(Math.max(limit, 0));
        int count = 0;
        for (int n = 2; n < limit; n++) {
            if (!composite.get(n)) {
                count++;
                for (long multiple = (long) n * n; multiple < limit; multiple += n) {
                    composite.set((int) multiple);
                }
            }
        }
        return Uni.createFrom().item(new PrimeCount(limit, count, Thread.currentThread().getName(), null));
    }

    /** Hashes {@code bytes} with SHA-256. The array travels to the lane by reference: nothing is copied. */
    @Task
    public Uni<Digest> sha256(byte[] bytes) {
        String hex = HexFormat.of().formatHex(sha256Digest().digest(bytes));
        return Uni.createFrom().item(new Digest(hex, bytes.length, Thread.currentThread().getName()));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
