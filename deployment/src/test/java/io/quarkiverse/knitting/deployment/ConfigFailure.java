package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;

/** A {@link QuarkusUnitTest} whose application must fail to start with a message containing every fragment. */
final class ConfigFailure {

    private ConfigFailure() {
    }

    static QuarkusUnitTest startupFailsWith(String key, String value, String... fragments) {
        return new QuarkusUnitTest()
                .withEmptyApplication()
                .overrideConfigKey(key, value)
                .assertException(failure -> {
                    for (String fragment : fragments) {
                        assertThat(failure).hasStackTraceContaining(fragment);
                    }
                });
    }
}
