package io.quarkiverse.knitting.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingException;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** An application mapper for {@code KnittingException} itself wins over the extension's. */
class RestExceptionMapperOverrideTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Endpoints.class, OwnMapper.class))
            .overrideConfigKey("knitting.max-queued", "1");

    static class Work {
        static final CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch holding = new CountDownLatch(1);

        @Task
        Uni<String> hold() throws InterruptedException {
            holding.countDown();
            release.await();
            return Uni.createFrom().item("held");
        }

        @Task
        Uni<String> echo(String text) {
            return Uni.createFrom().item(text);
        }

        @Task(timeoutMs = 50)
        Uni<String> slow() {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Uni.createFrom().item("late");
        }
    }

    @Path("/work")
    public static class Endpoints {
        @Inject
        Work work;

        @GET
        @Path("/echo/{text}")
        public Uni<String> echo(@PathParam("text") String text) {
            return work.echo(text);
        }

        @GET
        @Path("/slow")
        public Uni<String> slow() {
            return work.slow();
        }
    }

    public static class OwnMapper {
        @ServerExceptionMapper
        public Response map(KnittingException e) {
            return Response.status(429).entity("own " + e.code()).build();
        }
    }

    @Inject
    Work work;

    @AfterEach
    void release() {
        Work.release.countDown();
    }

    @Test
    void theApplicationsMapperAnswers() throws Exception {
        work.hold().subscribe().with(item -> {
        });
        Work.holding.await(10, TimeUnit.SECONDS);
        work.echo("fills the bound").subscribe().with(item -> {
        });

        given().get("/work/echo/rejected").then()
                .statusCode(429)
                .body(equalTo("own KNT_REJECTED"));
    }
}
