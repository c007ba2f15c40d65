package org.acme;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The guide's first example, as the guide shows it: the endpoint answers what its curl shows. */
@QuarkusTest
class FirstTaskTest {

    @Test
    void theGuidesCurlAnswers78498() {
        given().when().get("/prime-count/{limit}", 1_000_000)
                .then().statusCode(200)
                .body(equalTo("78498"));
    }
}
