package io.quarkiverse.knitting.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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

/** With Quarkus REST, knitting's failures answer with their HTTP status, a JSON code and, for overload, Retry-After. */
class RestExceptionMapperTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, Endpoints.class))
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

    @Inject
    Work work;

    @AfterEach
    void release() {
        Work.release.countDown();
    }

    @Test
    void overloadIs503WithRetryAfterAndATimeoutIs504() throws Exception {
        work.hold().subscribe().with(item -> {
        });
        Work.holding.await(10, TimeUnit.SECONDS);
        work.echo("fills the bound").subscribe().with(item -> {
        });

        given().get("/work/echo/rejected").then()
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("code", equalTo("KNT_REJECTED"))
                .body("message", containsString("max-queued"));

        Work.release.countDown();
        given().get("/work/slow").then()
                .statusCode(504)
                .header("Retry-After", nullValue())
                .body("code", equalTo("KNT_TIMEOUT"));
        given().get("/work/echo/ok").then().statusCode(200).body(equalTo("ok"));
    }
}
