package io.quarkiverse.knitting.benchmarks.http;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Every endpoint does the same work and does it where it says; no load, no timing. */
@QuarkusTest
class WorkEndpointsTest {

    private static final String DIGEST = HashWork.hash() + ' ';

    @Test
    void eventLoopWorksOnTheEventLoop() {
        get("/work/event-loop").then().statusCode(200).body(startsWith(DIGEST + "vert.x-eventloop-thread-"));
    }

    @Test
    void blockingWorksOnTheWorkerPool() {
        get("/work/blocking").then().statusCode(200).body(startsWith(DIGEST + "executor-thread-"));
    }

    @Test
    void emitOnWorksOnTheWorkerPool() {
        get("/work/emit-on").then().statusCode(200).body(startsWith(DIGEST + "executor-thread-"));
    }

    @Test
    void taskWorksOnADefaultPoolLane() {
        get("/work/task").then().statusCode(200).body(startsWith(DIGEST + "knitting-default-"));
    }

    /** The endpoint exists only when the module is built on JDK 21+ (the build JDK also runs the tests). */
    @Test
    void virtualThreadWorksOnAVirtualThreadWhenBuiltOnJava21() {
        if (Runtime.version().feature() >= 21) {
            get("/work/virtual-thread").then().statusCode(200).body(startsWith(DIGEST + "quarkus-virtual-thread-"));
        } else {
            get("/work/virtual-thread").then().statusCode(404);
        }
    }
}
