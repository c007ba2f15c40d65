package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class FaultToleranceTest {

    @Test
    void eachRetryAttemptIsADispatchOfItsOwnToALane() {
        given()
                .queryParam("failures", 2)
                .when().get("/resilient/retry/{key}", uniqueKey())
                .then().statusCode(200)
                .body("threads", contains("knitting-default-0", "knitting-default-0", "knitting-default-0"));
    }

    @Test
    void aCallThatFailsMoreOftenThanItsRetriesFailsWithTheLastAttemptsOwnError() {
        String key = uniqueKey();

        given()
                .queryParam("failures", 10)
                .when().get("/resilient/retry/{key}", key)
                .then().statusCode(500)
                .body("code", equalTo(KnittingErrorMappers.TASK_FAILED))
                .body("message", equalTo("Attempt 5 for '" + key + "' fails on purpose")); // 1 call + 4 retries
    }

    @Test
    void aFaultToleranceTimeoutAnswers504WithItsCode() {
        given()
                .when().get("/resilient/timeout/{key}", uniqueKey())
                .then().statusCode(504)
                .body("code", equalTo(KnittingErrorMappers.FT_TIMEOUT));
    }

    @Test
    void aFaultToleranceTimeoutAbortsTheRunningBody() {
        String key = uniqueKey();

        given().when().get("/resilient/timeout/{key}", key).then().statusCode(504);

        await().atMost(Pools.PATIENCE).untilAsserted(() -> given()
                .when().get("/resilient/aborted/{key}", key)
                .then().statusCode(200)
                .body("aborted", equalTo(true)));
    }

    @Test
    void aSoftTimeoutFallsBackToTheDefaultValue() {
        given()
                .queryParam("workMs", 60_000)
                .when().get("/resilient/estimate")
                .then().statusCode(200)
                .body("value", equalTo(0))
                .body("source", equalTo("fallback"));
    }

    @Test
    void aCallWithinItsSoftTimeoutAnswersFromTheLane() {
        given()
                .queryParam("workMs", 5)
                .when().get("/resilient/estimate")
                .then().statusCode(200)
                .body("value", equalTo(5))
                .body("source", equalTo("lane"));
    }

    private static String uniqueKey() {
        return UUID.randomUUID().toString();
    }
}
