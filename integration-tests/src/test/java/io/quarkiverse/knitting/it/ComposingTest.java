package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The guide's composing example: tasks of the single-lane default pool that call another task of that pool. */
@QuarkusTest
class ComposingTest {

    @Test
    void aTaskReturningTheCallsOfItsOwnPoolCompletes() {
        given().queryParam("text", "one two three", "four five", "")
                .when().get("/words/total")
                .then().statusCode(200)
                .body(equalTo("5"));
    }

    @Test
    void aTaskAwaitingTheCallsOfItsOwnPoolCompletes() {
        given().queryParam("text", "one two three", "four five", "six")
                .when().get("/words/total-one-by-one")
                .then().statusCode(200)
                .body(equalTo("6"));
    }
}
