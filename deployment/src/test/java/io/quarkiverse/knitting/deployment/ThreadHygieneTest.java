package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** Pools start with the application and no knitting-* thread outlives it. */
class ThreadHygieneTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class))
            .overrideConfigKey("knitting.threads", "2")
            .overrideConfigKey("knitting.worker.hard-timeout-ms", "10000")
            .overrideConfigKey("knitting.\"other\".threads", "1")
            // runs once the application has stopped
            .setAfterAllCustomizer(() -> assertThat(knittingThreads()).isEmpty());

    static class Work {
        @Task(timeoutMs = 5_000)
        Uni<String> where() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }
    }

    @Inject
    Work work;

    static List<String> knittingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("knitting-"))
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void poolsRunWhileTheApplicationDoes() {
        assertThat(work.where().await().atMost(Duration.ofSeconds(10))).startsWith("knitting-default-");
        assertThat(knittingThreads()).containsExactly("knitting-default-0", "knitting-default-1",
                "knitting-default-host", "knitting-default-watchdog", "knitting-other-0", "knitting-other-host",
                "knitting-other-watchdog"); // every pool's watchdog looks for stuck calls (worker.stuck-warn-ms)
    }
}
