package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** {@code knitting.task.*} holds per-method settings, so no pool may be called {@code task}. */
class ReservedPoolNameTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Bean.class))
            .assertException(failure -> {
                Throwable root = failure;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).hasMessage("A pool cannot be called 'task': knitting.task.* holds the per-method "
                        + "settings of @Task methods; choose another name");
            });

    static class Bean {
        @Task(pool = "task")
        Uni<String> work() {
            return Uni.createFrom().item("ok");
        }
    }

    @Test
    void startupFails() {
        // the assertion is in assertException
    }
}
