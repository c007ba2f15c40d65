package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.Task;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Every task is registered when the application starts, from what the build found, not on its first call; overloads
 * whose parameter types share a simple name are distinct tasks; a disabled alternative starts no pool.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartupRegistrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(V1.class, V1.Doc.class, V2.class, V2.Doc.class, Printer.class,
                    Unselected.class))
            .overrideConfigKey("knitting.threads", "1");

    static class V1 {
        record Doc(String text) {
        }
    }

    static class V2 {
        record Doc(String text) {
        }
    }

    static class Printer {
        @Task
        Uni<String> print(V1.Doc doc) {
            return Uni.createFrom().item("v1 " + doc.text());
        }

        @Task
        Uni<String> print(V2.Doc doc) {
            return Uni.createFrom().item("v2 " + doc.text());
        }
    }

    @Alternative
    @Singleton
    static class Unselected {
        @Task(pool = "unselected-only")
        Uni<String> never() {
            return Uni.createFrom().item("never");
        }
    }

    @Inject
    Printer printer;

    @Inject
    KnittingPool pool;

    @Test
    @Order(1)
    void everyTaskIsRegisteredBeforeAnyCall() {
        // the first test: nothing has called a task yet
        assertThat(((Pool) pool).taskNames()).containsExactlyInAnyOrder(
                Printer.class.getName() + "#print(" + V1.Doc.class.getName() + ")",
                Printer.class.getName() + "#print(" + V2.Doc.class.getName() + ")");
    }

    @Test
    void overloadsWhoseTypesShareASimpleNameAreDistinctTasks() {
        assertThat(printer.print(new V1.Doc("a")).await().atMost(WAIT)).isEqualTo("v1 a");
        assertThat(printer.print(new V2.Doc("b")).await().atMost(WAIT)).isEqualTo("v2 b");
    }

    @Test
    void aDisabledAlternativeStartsNoPool() {
        assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
                .anyMatch(name -> name.startsWith("knitting-default-"))
                .noneMatch(name -> name.startsWith("knitting-unselected-only-"));
    }
}
