package io.quarkiverse.knitting.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** quarkus.knitting.rest-exception-mappers=false: the extension registers no mapper, so a rejection is a plain 500. */
class RestExceptionMapperOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RestMapperApp.CLASSES))
            .overrideConfigKey("knitting.max-queued", "1")
            .overrideConfigKey("quarkus.knitting.rest-exception-mappers", "false");

    @Inject
    RestMapperApp.Work work;

    @AfterEach
    void release() {
        RestMapperApp.Work.release.countDown();
    }

    @Test
    void aRejectionIsAPlainServerError() throws Exception {
        work.fillTheBound();

        given().get("/work/echo/rejected").then()
                .statusCode(500)
                .header("Retry-After", nullValue());
    }
}
