package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.PoolStats;
import io.quarkus.test.junit.QuarkusTest;

/** Pool {@code guarded}: {@code worker.hard-timeout-ms=300}, policy {@code restart}. */
@QuarkusTest
class HardTimeoutTest {

    @AfterEach
    void releaseTheRunaways() {
        given().when().post("/guarded/release").then().statusCode(204);
        await().atMost(Pools.PATIENCE).until(() -> Pools.stats("guarded").abandonedThreads() == 0);
    }

    @Test
    void aRunawayCallAnswers504WithTheHardTimeoutCode() {
        given()
                .when().get("/guarded/runaway")
                .then().statusCode(504)
                .body("code", equalTo(HardTimeoutException.CODE))
                .body("message", allOf(containsString("300 ms"), containsString("Runaway#runForever()")));
    }

    @Test
    void afterAHardTimeoutThePoolRestartsItsWorkersAndKeepsAnswering() {
        long generation = Pools.stats("guarded").generation();

        given().when().get("/guarded/runaway").then().statusCode(504);

        assertThat(Pools.stats("guarded").generation()).isEqualTo(generation + 1);
        given()
                .when().get("/lanes/guarded")
                .then().statusCode(200)
                .body("thread", equalTo("knitting-guarded-0"));
    }

    @Test
    void theAbandonedThreadIsCountedUntilTheRunawayEnds() {
        given().when().get("/guarded/runaway").then().statusCode(504);

        PoolStats stats = Pools.stats("guarded");
        assertThat(stats.abandonedThreads()).isEqualTo(1);
        assertThat(stats.lanes()).isEqualTo(1);
        // releaseTheRunaways() then waits for the count to fall back to 0
    }
}
