package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.TaskTimeoutException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code knitting.task."<class>#<method>".*} changes a {@code @Task} method without recompiling: its pool, its soft
 * timeout and what a timeout completes with; the one-overload key wins over the every-overload key.
 */
class TaskOverrideConfigTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TUNED = "io.quarkiverse.knitting.deployment.TaskOverrideConfigTest$Tuned";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Tuned.class))
            .overrideConfigKey("knitting.task.\"" + TUNED + "#where\".pool", "moved")
            .overrideConfigKey("knitting.task.\"" + TUNED + "#slow\".timeout-ms", "50")
            .overrideConfigKey("knitting.task.\"" + TUNED + "#slow(int)\".on-timeout", "null")
            .overrideConfigKey("knitting.task.\"" + TUNED + "#slow(java.lang.String)\".timeout-ms", "-1");

    static class Tuned {
        @Task
        Uni<String> where() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }

        @Task
        Uni<String> slow(int millis) throws InterruptedException {
            Thread.sleep(millis);
            return Uni.createFrom().item("done");
        }

        @Task
        Uni<String> slow(String millis) throws InterruptedException {
            Thread.sleep(Long.parseLong(millis));
            return Uni.createFrom().item("done");
        }

        @Task
        Uni<String> slow(long millis) throws InterruptedException {
            Thread.sleep(millis);
            return Uni.createFrom().item("done");
        }
    }

    @Inject
    Tuned tuned;

    @Test
    void theConfiguredPoolAndTimeoutsApply() throws InterruptedException {
        assertThat(tuned.where().await().atMost(WAIT)).startsWith("knitting-moved-");
        assertThat(tuned.slow(500).await().atMost(WAIT)).as("every overload times out; this one with null").isNull();
        assertThat(tuned.slow(200L).onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT))
                .isInstanceOf(TaskTimeoutException.class);
        assertThat(tuned.slow("100").await().atMost(WAIT)).as("its own key switches the timeout off")
                .isEqualTo("done");
    }
}
