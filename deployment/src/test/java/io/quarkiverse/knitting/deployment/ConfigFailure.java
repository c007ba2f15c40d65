package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@link QuarkusUnitTest} whose application must fail to start for one invalid key, with exactly the expected
 * root cause. QuarkusUnitTest fails the test when an application expected to fail starts.
 */
final class ConfigFailure {

    private ConfigFailure() {
    }

    /** The pool's own validation refuses the value: the message names the full key, the value and what is allowed. */
    static QuarkusUnitTest startupFailsWith(String key, String value, String rootCauseMessage) {
        return new QuarkusUnitTest()
                .withEmptyApplication()
                .overrideConfigKey(key, value)
                .assertException(failure -> assertThat(rootCause(failure)).hasMessage(rootCauseMessage));
    }

    /** The application must fail to start, for the given keys and values, with exactly this root cause. */
    static QuarkusUnitTest startupFailsWith(Map<String, String> config, String rootCauseMessage) {
        QuarkusUnitTest test = new QuarkusUnitTest().withEmptyApplication();
        config.forEach(test::overrideConfigKey);
        return test.assertException(failure -> assertThat(rootCause(failure)).hasMessage(rootCauseMessage));
    }

    /** Like {@link #startupFailsWith}, for a root-cause message that holds a varying part (a file path). */
    static QuarkusUnitTest startupFailsMatching(String key, String value, String rootCauseRegex) {
        return new QuarkusUnitTest()
                .withEmptyApplication()
                .overrideConfigKey(key, value)
                .assertException(failure -> assertThat(rootCause(failure)).hasMessageMatching(rootCauseRegex));
    }

    /** A converter refuses the value: SmallRye Config names the key and the value, the converter what is allowed. */
    static QuarkusUnitTest conversionFailsWith(String key, String value, String converterMessage) {
        return startupFailsWith(key, value, "Configuration validation failed:\n\tjava.lang.IllegalArgumentException: "
                + "SRCFG00039: The config property " + key + " with the config value \"" + value
                + "\" threw an Exception whilst being converted " + converterMessage);
    }

    static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
