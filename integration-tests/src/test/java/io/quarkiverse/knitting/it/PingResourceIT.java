package io.quarkiverse.knitting.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class PingResourceIT extends PingResourceTest {
}
