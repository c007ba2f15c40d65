package io.quarkiverse.knitting.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** quarkus.knitting.rest-exception-mappers=false: the extension registers no mapper, so a rejection is a plain 500. */
class RestExceptionMapperOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Endpoints.class))
            .overrideConfigKey("knitting.max-queued", "1")
            .overrideConfigKey("quarkus.knitting.rest-exception-mappers", "false");

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

    @Inject
    Work work;

    @AfterEach
    void release() {
        Work.release.countDown();
    }

    @Test
    void aRejectionIsAPlainServerError() throws Exception {
        work.hold().subscribe().with(item -> {
        });
        Work.holding.await(10, TimeUnit.SECONDS);
        work.echo("fills the bound").subscribe().with(item -> {
        });

        given().get("/work/echo/rejected").then()
                .statusCode(500)
                .header("Retry-After", nullValue());
    }
}
