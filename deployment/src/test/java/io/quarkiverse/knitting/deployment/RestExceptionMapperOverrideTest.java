package io.quarkiverse.knitting.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingException;
import io.quarkus.test.QuarkusUnitTest;

/** An application mapper for {@code KnittingException} itself wins over the extension's. */
class RestExceptionMapperOverrideTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RestMapperApp.CLASSES).addClasses(OwnMapper.class))
            .overrideConfigKey("knitting.max-queued", "1");

    public static class OwnMapper {
        @ServerExceptionMapper
        public Response map(KnittingException e) {
            return Response.status(429).entity("own " + e.code()).build();
        }
    }

    @Inject
    RestMapperApp.Work work;

    @AfterEach
    void release() {
        RestMapperApp.Work.release.countDown();
    }

    @Test
    void theApplicationsMapperAnswers() throws Exception {
        work.fillTheBound();

        given().get("/work/echo/rejected").then()
                .statusCode(429)
                .body(equalTo("own KNT_REJECTED"));
    }
}
