package io.quarkiverse.knitting.deployment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** With Quarkus REST, knitting's failures answer with their HTTP status, a JSON code and, for overload, Retry-After. */
class RestExceptionMapperTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RestMapperApp.CLASSES))
            .overrideConfigKey("knitting.max-queued", "1");

    @Inject
    RestMapperApp.Work work;

    @AfterEach
    void release() {
        RestMapperApp.Work.release.countDown();
    }

    @Test
    void overloadIs503WithRetryAfterAndATimeoutIs504() throws Exception {
        work.fillTheBound();

        given().get("/work/echo/rejected").then()
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("code", equalTo("KNT_REJECTED"))
                .body("message", containsString("max-queued"));

        RestMapperApp.Work.release.countDown();
        // the held call and the one queued behind it must be over before the next call fits in the bound
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/work/echo/ok").statusCode() == 200);
        given().get("/work/slow").then()
                .statusCode(504)
                .header("Retry-After", nullValue())
                .body("code", equalTo("KNT_TIMEOUT"));
        given().get("/work/echo/ok").then().statusCode(200).body(equalTo("ok"));
    }
}
