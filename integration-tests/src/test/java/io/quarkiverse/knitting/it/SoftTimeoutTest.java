package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.TaskTimeoutException;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SoftTimeoutTest {

    /** Far longer than the soft timeout; the abortable body stops when the timeout aborts it. */
    private static final long TOO_LONG_MS = 60_000;

    @Test
    void aCallWithinItsSoftTimeoutAnswersWithItsResult() {
        given()
                .queryParam("workMs", 0)
                .when().get("/timeouts/fail")
                .then().statusCode(200)
                .body("thread", equalTo("knitting-slow-0"));
    }

    @Test
    void aCallPastItsSoftTimeoutAnswers504WithTheTimeoutCode() {
        given()
                .queryParam("workMs", TOO_LONG_MS)
                .when().get("/timeouts/fail")
                .then().statusCode(504)
                .body("code", equalTo(TaskTimeoutException.CODE))
                .body("message", containsString("timed out after " + SlowWork.TIMEOUT_MS + " ms"));
    }

    @Test
    void aSoftTimeoutAbortsAnAbortableBody() {
        int before = abortedRuns();

        given().queryParam("workMs", TOO_LONG_MS).when().get("/timeouts/fail").then().statusCode(504);

        await().atMost(Pools.PATIENCE).until(() -> abortedRuns() == before + 1);
    }

    @Test
    void aCallPastItsSoftTimeoutWithOnTimeoutNullAnswersNoContent() {
        given()
                .queryParam("workMs", TOO_LONG_MS)
                .when().get("/timeouts/null")
                .then().statusCode(204)
                .body(emptyString());
    }

    @Test
    void aCallWithOnTimeoutNullWithinItsTimeoutAnswersWithItsResult() {
        given()
                .queryParam("workMs", 0)
                .when().get("/timeouts/null")
                .then().statusCode(200)
                .body("thread", equalTo("knitting-slow-0"));
    }

    private static int abortedRuns() {
        return given().when().get("/timeouts/fail/aborted").then().statusCode(200).extract().path("aborted");
    }
}
