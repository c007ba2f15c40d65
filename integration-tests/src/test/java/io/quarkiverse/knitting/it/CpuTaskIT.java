package io.quarkiverse.knitting.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The CPU-bound endpoints against the packaged application (the native executable under {@code -Dnative}). */
@QuarkusIntegrationTest
class CpuTaskIT extends CpuTaskTest {
}
