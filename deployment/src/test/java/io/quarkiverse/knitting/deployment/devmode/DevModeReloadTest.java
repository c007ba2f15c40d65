package io.quarkiverse.knitting.deployment.devmode;

import static io.restassured.RestAssured.get;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;

/** Live reload of a @Task bean and of application.properties leaves exactly one application's threads alive. */
class DevModeReloadTest {

    private static final String TWO_LANES = "knitting-default-0,knitting-default-1,knitting-default-host";

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevTask.class, DevResource.class)
                    .addAsResource(new StringAsset("knitting.threads=2\n"), "application.properties"));

    @Test
    void reloadsStopTheOldPoolsThreads() {
        get("/dev").then().statusCode(200).body(startsWith("v1 on knitting-default-"));
        get("/dev/threads").then().body(equalTo(TWO_LANES));

        for (int version = 2; version <= 4; version++) {
            String previous = "\"v" + (version - 1) + " on \"";
            String next = "\"v" + version + " on \"";
            TEST.modifySourceFile(DevTask.class, source -> source.replace(previous, next));
            String expected = "v" + version + " on knitting-default-";
            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> get("/dev").then().statusCode(200).body(startsWith(expected)));
            get("/dev/threads").then().body(equalTo(TWO_LANES));
        }

        TEST.modifyResourceFile("application.properties", properties -> "knitting.threads=3\n");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get("/dev/threads").then()
                .body(equalTo("knitting-default-0,knitting-default-1,knitting-default-2,knitting-default-host")));
    }
}
