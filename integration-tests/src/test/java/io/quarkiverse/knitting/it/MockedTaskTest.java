package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** The guide's second testing example: the {@code @Task} bean replaced by a mock, so no lane runs. */
// tag::mock[]
@QuarkusTest
class MockedTaskTest {

    @InjectMock
    CpuWork work; // @ApplicationScoped: a normal scope, so it can be mocked as it is

    @Test
    void theEndpointAnswersWithWhatTheTaskReturns() {
        when(work.countPrimes(100)).thenReturn(Uni.createFrom().item(new PrimeCount(100, 7, "mock", null)));

        given().when().get("/primes/{limit}", 100)
                .then().statusCode(200)
                .body("count", equalTo(7));
    }
}
// end::mock[]
