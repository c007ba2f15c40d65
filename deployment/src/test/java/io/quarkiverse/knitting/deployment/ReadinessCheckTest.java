package io.quarkiverse.knitting.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * The readiness check {@code knitting}, read over HTTP from {@code /q/health/ready}: UP with each pool's figures;
 * still UP after a hard timeout under the {@code restart} policy (a new generation); DOWN while a pool has been
 * rejecting longer than its window, UP again once it stops; DOWN for good once a hard timeout under the
 * {@code shutdown} policy closes a pool.
 */
class ReadinessCheckTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class))
            .overrideConfigKey("knitting.\"phoenix\".worker.hard-timeout-ms", "200")
            .overrideConfigKey("knitting.\"phoenix\".worker.hard-timeout-policy", "restart")
            .overrideConfigKey("knitting.\"doomed\".worker.hard-timeout-ms", "200")
            .overrideConfigKey("knitting.\"doomed\".worker.hard-timeout-policy", "shutdown")
            .overrideConfigKey("knitting.\"busy\".max-queued", "1")
            .overrideConfigKey("knitting.\"busy\".health.saturated-after", "0s");

    static class Work {
        static final CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch holding = new CountDownLatch(1);

        @Task(pool = "phoenix")
        Uni<String> runawayOnPhoenix() {
            spinUntilReleased();
            return Uni.createFrom().item("late");
        }

        @Task(pool = "doomed")
        Uni<String> runawayOnDoomed() {
            spinUntilReleased();
            return Uni.createFrom().item("late");
        }

        @Task(pool = "busy")
        Uni<String> hold() throws InterruptedException {
            holding.countDown();
            release.await();
            return Uni.createFrom().item("held");
        }

        @Task(pool = "busy")
        Uni<String> echo(String text) {
            return Uni.createFrom().item(text);
        }

        /** Deaf to interrupts, like a tight CPU loop: the runaway a hard timeout is for. */
        private static void spinUntilReleased() {
            while (release.getCount() > 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Inject
    Work work;

    @Inject
    @Identifier("phoenix")
    KnittingPool phoenix;

    @AfterAll
    static void releaseRunaways() {
        Work.release.countDown();
    }

    private static JsonPath ready(int status) {
        return given().get("/q/health/ready").then().statusCode(status).extract().jsonPath();
    }

    private static String data(JsonPath health, String key) {
        return String.valueOf(health.getMap("checks.find { it.name == 'knitting' }.data").get(key));
    }

    @Test
    void readinessFollowsThePools() throws Exception {
        JsonPath up = ready(200);
        given().get("/q/health/ready").then().body("checks.find { it.name == 'knitting' }.status", equalTo("UP"));
        assertThat(data(up, "default.lanes")).isEqualTo("1");
        assertThat(data(up, "default.lanes-lost")).isEqualTo("0");
        assertThat(data(up, "phoenix.generation")).isEqualTo("0");

        work.runawayOnPhoenix().subscribe().with(item -> {
        }, failure -> {
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> phoenix.stats().generation() == 1);
        JsonPath restarted = ready(200);
        assertThat(data(restarted, "phoenix.state")).isEqualTo("up");
        assertThat(data(restarted, "phoenix.abandoned-threads")).isEqualTo("1");

        work.hold().subscribe().with(item -> {
        });
        assertThat(Work.holding.await(10, TimeUnit.SECONDS)).isTrue();
        work.echo("waits").subscribe().with(item -> {
        });
        work.echo("rejected").subscribe().with(item -> {
        }, failure -> {
        });
        JsonPath saturated = ready(503);
        assertThat(data(saturated, "busy.state")).isEqualTo("saturated");
        assertThat(data(saturated, "busy.queued")).isEqualTo("1");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);

        work.runawayOnDoomed().subscribe().with(item -> {
        }, failure -> {
        });
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 503);
        assertThat(data(ready(503), "doomed.state")).isEqualTo("closed");
    }
}
