package io.quarkiverse.knitting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * 64 requests at once against an endpoint whose pool can run one and hold 8 (the "busy" pool): the ones over the
 * bound get 503 with Retry-After at once, the accepted ones are answered, and another endpoint of the same
 * application keeps answering meanwhile.
 */
@QuarkusTest
class OverloadTest {

    static final int REQUESTS = 64;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    record Outcome(int status, String retryAfter, String body, long nanos) {
    }

    @Test
    void overTheBoundIs503AtOnceAndTheRestOfTheApplicationAnswers() throws Exception {
        warmUp(); // open the client's connections and compile the paths: measure the overload, not a cold start
        List<CompletableFuture<Outcome>> burst = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            burst.add(send("/busy/20"));
        }
        List<Outcome> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(send("/primes/1000").join());
        }
        List<Outcome> outcomes = burst.stream().map(CompletableFuture::join).toList();

        List<Outcome> rejected = outcomes.stream().filter(o -> o.status() == 503).toList();
        List<Outcome> served = outcomes.stream().filter(o -> o.status() == 200).toList();
        long[] rejectedMillis = rejected.stream().mapToLong(o -> o.nanos() / 1_000_000).sorted().toArray();
        System.out.printf("overload over HTTP: %d served, %d rejected; rejection p50 %d ms, p99 %d ms; served p99 %d ms;"
                + " /primes meanwhile p99 %d ms%n", served.size(), rejected.size(),
                rejectedMillis[rejectedMillis.length / 2], rejectedMillis[rejectedMillis.length * 99 / 100],
                served.stream().mapToLong(o -> o.nanos() / 1_000_000).max().orElse(0),
                others.stream().mapToLong(o -> o.nanos() / 1_000_000).max().orElse(0));

        assertThat(served.size() + rejected.size()).as("every request answered 200 or 503").isEqualTo(REQUESTS);
        assertThat(served).isNotEmpty();
        assertThat(rejected).isNotEmpty().allSatisfy(o -> {
            assertThat(o.retryAfter()).isEqualTo("1");
            assertThat(o.body()).contains("\"code\":\"KNT_REJECTED\"");
        });
        // a rejected request learns it before an accepted one could even be rejected by its 300 ms queue deadline
        assertThat(rejectedMillis[rejectedMillis.length * 99 / 100]).isLessThan(300);
        assertThat(others).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
    }

    /** Bursts like the measured one, with bodies that take no time, so that rejections happen on warm code too. */
    private void warmUp() {
        for (int round = 0; round < 5; round++) {
            List<CompletableFuture<Outcome>> burst = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                burst.add(send(i % 2 == 0 ? "/busy/1" : "/primes/100"));
            }
            burst.forEach(CompletableFuture::join);
        }
    }

    private CompletableFuture<Outcome> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        long start = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Outcome(response.statusCode(),
                        response.headers().firstValue("Retry-After").orElse(null), response.body(),
                        System.nanoTime() - start));
    }
}
