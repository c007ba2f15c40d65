// tag::primes[]
package org.acme;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

// tag::readme[]
@ApplicationScoped
public class Primes {

    @Task(timeoutMs = 2_000) // <1>
    public Uni<Integer> countBelow(int limit) {
        int count = 0;
        for (int n = 2; n < limit; n++) {
            if (isPrime(n)) {
                count++;
            }
        }
        return Uni.createFrom().item(count); // <2>
    }

    private static boolean isPrime(int n) {
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
// end::readme[]
// end::primes[]
