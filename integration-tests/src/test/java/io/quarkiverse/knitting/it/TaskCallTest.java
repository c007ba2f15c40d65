package io.quarkiverse.knitting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The guide's first testing example: a {@code @Task} method called from a test, as any caller calls it. */
// tag::call[]
@QuarkusTest
class TaskCallTest {

    @Inject
    CpuWork work;

    @Test
    void countsPrimesOnALane() {
        PrimeCount primes = work.countPrimes(100).await().atMost(Duration.ofSeconds(10));

        assertThat(primes.count()).isEqualTo(25);
        assertThat(primes.thread()).isEqualTo("knitting-default-0"); // the body ran on the pool's lane
    }
}
// end::call[]
