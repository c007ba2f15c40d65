package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class AbortTest {

    @Test
    void aCallerThatStopsWaitingAbortsTheRunningBody() {
        int before = abortedRuns();

        given()
                .queryParam("budgetMs", 300)
                .when().get("/abortable/spin")
                .then().statusCode(504)
                .body("code", equalTo(KnittingErrorMappers.CALLER_TIMEOUT));

        await().atMost(Pools.PATIENCE).until(() -> abortedRuns() == before + 1);
    }

    @Test
    void anAbortableCallBeyondThePoolsAbortCapacityIsRefusedWith503() throws Exception {
        CompletableFuture<Response> holder = CompletableFuture.supplyAsync(
                () -> given().when().get("/gate/hold").then().extract().response());
        await().atMost(Pools.PATIENCE).until(() -> Pools.stats("gate").inFlight() == 1);

        given()
                .when().get("/gate/hold")
                .then().statusCode(503)
                .body("code", equalTo(AbortCapacityExceededException.CODE))
                .body("message", containsString("abort-signal-capacity"));

        given().when().post("/gate/release").then().statusCode(204);
        Response held = holder.get(Pools.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.<String> path("thread")).isEqualTo("knitting-gate-0");
    }

    private static int abortedRuns() {
        return given().when().get("/abortable/aborted").then().statusCode(200).extract().path("aborted");
    }
}
