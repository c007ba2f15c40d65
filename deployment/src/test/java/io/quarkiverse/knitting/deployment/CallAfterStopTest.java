package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.Task;
import io.quarkus.runtime.Startup;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** A call made after the pools stopped (here from a @PreDestroy) fails, and starts no thread. */
class CallAfterStopTest {

    /** A system property: the application's classes are loaded apart from the test's, so they share no static. */
    private static final String LATE_OUTCOME = "call-after-stop-test.outcome"; // not under knitting.*: no config key

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Work.class, LateCaller.class))
            // runs once the application has stopped
            .setAfterAllCustomizer(() -> {
                String outcome = System.clearProperty(LATE_OUTCOME);
                assertThat(outcome).as("what the call from @PreDestroy got")
                        .isEqualTo(PoolClosedException.class.getName());
                assertThat(ThreadHygieneTest.knittingThreads()).isEmpty();
            });

    static class Work {
        @Task
        Uni<String> where() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }

        /** Called first after the stop: nothing of it exists yet that could still refer to the stopped pool. */
        @Task
        Uni<String> firstCalledOnTheWayOut() {
            return Uni.createFrom().item(Thread.currentThread().getName());
        }
    }

    @Startup
    @ApplicationScoped
    static class LateCaller {
        @Inject
        Work work;

        @PreDestroy
        void callOnTheWayOut() {
            try {
                System.setProperty(LATE_OUTCOME, "answered on " + work.firstCalledOnTheWayOut().await().atMost(Duration.ofSeconds(10)));
            } catch (Throwable failure) {
                System.setProperty(LATE_OUTCOME, failure.getClass().getName());
            }
        }
    }

    @Inject
    Work work;

    @Test
    void callsAnswerWhileTheApplicationRuns() {
        assertThat(work.where().await().atMost(Duration.ofSeconds(10))).startsWith("knitting-default-");
    }
}
