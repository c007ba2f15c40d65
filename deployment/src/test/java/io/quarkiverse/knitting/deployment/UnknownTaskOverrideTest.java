package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** A per-task key that names no {@code @Task} method, and an invalid per-task value, fail the startup together. */
class UnknownTaskOverrideTest {

    private static final String BEAN = "io.quarkiverse.knitting.deployment.UnknownTaskOverrideTest$Bean";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Bean.class))
            .overrideConfigKey("knitting.task.\"com.acme.Missing#nothing\".timeout-ms", "10")
            .overrideConfigKey("knitting.task.\"" + BEAN + "#work\".queue-timeout-ms", "0")
            .assertException(failure -> {
                Throwable root = failure;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).hasMessageContaining("Invalid knitting configuration")
                        .hasMessageContaining("knitting.task.\"com.acme.Missing#nothing\" names no @Task method")
                        .hasMessageContaining("knitting.task.\"" + BEAN + "#work\".queue-timeout-ms=0 is invalid");
            });

    static class Bean {
        @Task
        Uni<String> work() {
            return Uni.createFrom().item("ok");
        }
    }

    @Test
    void startupFails() {
        // the assertion is in assertException
    }
}
