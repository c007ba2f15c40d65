package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import io.quarkiverse.knitting.PoolStats;

/** What the tests read from {@code GET /pools/{name}/stats}, and how long they are willing to wait. */
final class Pools {

    /** Generous on purpose: the tests share a slow 2-core machine, and nothing here measures speed. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Pools() {
    }

    static PoolStats stats(String pool) {
        return given()
                .when().get("/pools/{name}/stats", pool)
                .then().statusCode(200)
                .extract().as(PoolStats.class);
    }
}
