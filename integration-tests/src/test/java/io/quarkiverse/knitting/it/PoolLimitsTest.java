package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.PayloadTooLargeException;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.PoolStats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PoolLimitsTest {

    @Test
    void aPayloadWithinTheLimitReachesTheLane() {
        given()
                .contentType(ContentType.BINARY)
                .body(new byte[1024])
                .when().post("/lanes/small")
                .then().statusCode(200)
                .body("bytes", equalTo(1024))
                .body("thread", equalTo("knitting-small-0"));
    }

    @Test
    void aPayloadOverTheLimitIsRefusedWith413() {
        given()
                .contentType(ContentType.BINARY)
                .body(new byte[2048])
                .when().post("/lanes/small")
                .then().statusCode(413)
                .body("code", equalTo(PayloadTooLargeException.CODE))
                .body("message", containsString("payload.max-payload-bytes=1024"));
    }

    @Test
    void aPayloadOverTheLimitIsRefusedBeforeItIsQueued() {
        PoolStats before = Pools.stats("small");

        given().contentType(ContentType.BINARY).body(new byte[2048]).when().post("/lanes/small")
                .then().statusCode(413);

        PoolStats after = Pools.stats("small");
        assertThat(after.rejected()).isEqualTo(before.rejected() + 1);
        assertThat(after.submitted()).as("every call that reached the pool, the refused one included")
                .isEqualTo(before.submitted() + 1);
        assertThat(after.inFlight()).isEqualTo(before.inFlight());
    }

    @Test
    void callsOnAShutDownPoolAreRefusedWith503() {
        given().when().post("/pools/closing/shutdown").then().statusCode(204);

        given()
                .when().get("/lanes/closing")
                .then().statusCode(503)
                .body("code", equalTo(PoolClosedException.CODE))
                .body("message", containsString("'closing'"));
    }
}
