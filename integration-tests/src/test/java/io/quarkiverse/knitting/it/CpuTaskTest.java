package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.PoolStats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class CpuTaskTest {

    @Test
    void primesBelowALimitAreCountedOnTheDefaultPoolsLane() {
        given()
                .when().get("/primes/{limit}", 100)
                .then().statusCode(200)
                .body("limit", equalTo(100))
                .body("count", equalTo(25))
                .body("thread", equalTo("knitting-default-0"));
    }

    @Test
    void aTaskClassWithoutAScopeServesToo() {
        given()
                .when().get("/checksum/{text}", "abc")
                .then().statusCode(200)
                .body(equalTo("352441c2"));
    }

    @Test
    void theResultComesBackOnTheRequestsEventLoop() {
        given()
                .when().get("/primes/{limit}", 100)
                .then().statusCode(200)
                .body("answeredOn", startsWith("vert.x-eventloop-thread-"));
    }

    @Test
    void aLargeSieveGivesTheKnownPrimeCount() {
        given()
                .when().get("/primes/{limit}", 1_000_000)
                .then().statusCode(200)
                .body("count", equalTo(78_498));
    }

    @Test
    void aLimitOutOfRangeIsABadRequest() {
        given()
                .when().get("/primes/{limit}", CpuResource.MAX_LIMIT + 1)
                .then().statusCode(400);
    }

    @Test
    void theHashIsTheSha256OfTheBodyComputedOnTheDefaultPoolsLane() {
        given()
                .contentType(ContentType.BINARY)
                .body("abc".getBytes(StandardCharsets.US_ASCII))
                .when().post("/hash")
                .then().statusCode(200)
                .body("sha256", equalTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
                .body("bytes", equalTo(3))
                .body("thread", equalTo("knitting-default-0"));
    }

    @Test
    void callsOnTheFastPoolAlternateBetweenItsTwoLanes() {
        Set<String> threads = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            threads.add(given()
                    .when().get("/lanes/fast")
                    .then().statusCode(200)
                    .body("thread", containsString("knitting-fast-"))
                    .extract().path("thread"));
        }

        assertThat(threads).containsExactlyInAnyOrder("knitting-fast-0", "knitting-fast-1");
    }

    @Test
    void theFastPoolHasTheTwoConfiguredLanes() {
        PoolStats stats = Pools.stats("fast");

        assertThat(stats.lanes()).isEqualTo(2);
        assertThat(stats.completedPerLane()).hasSize(2);
    }

    @Test
    void theDefaultPoolHasOneLane() {
        assertThat(Pools.stats("default").lanes()).isEqualTo(1);
    }

    @Test
    void statsOfAnUnknownPoolAreNotFound() {
        given()
                .when().get("/pools/{name}/stats", "nope")
                .then().statusCode(404);
    }
}
