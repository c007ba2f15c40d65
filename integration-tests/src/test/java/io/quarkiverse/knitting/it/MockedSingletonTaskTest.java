package io.quarkiverse.knitting.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.mockito.MockitoConfig;
import io.smallrye.mutiny.Uni;

/** A task class without a scope becomes a {@code @Singleton}, which {@code @InjectMock} converts when asked to. */
// tag::singleton[]
@QuarkusTest
class MockedSingletonTaskTest {

    @InjectMock
    @MockitoConfig(convertScopes = true) // Checksums declares no scope: the extension made it a @Singleton
    Checksums checksums;

    @Test
    void theEndpointAnswersWithWhatTheTaskReturns() {
        when(checksums.crc32("abc")).thenReturn(Uni.createFrom().item(0xcafeL));

        given().when().get("/checksum/{text}", "abc")
                .then().statusCode(200)
                .body(equalTo("cafe"));
    }
}
// end::singleton[]
