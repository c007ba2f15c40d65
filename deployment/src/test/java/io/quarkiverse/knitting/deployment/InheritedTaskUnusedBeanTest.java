package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * The check that beans inheriting one {@code @Task} method agree on their Fault Tolerance timeout looks only at beans
 * the application keeps: an unused bean, which ArC removes, calls nothing, so its timeout does not fail the startup.
 */
class InheritedTaskUnusedBeanTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Scorer.class, QuickScorer.class, UnusedPatientScorer.class));

    abstract static class Scorer {
        @Task
        Uni<Integer> score(int n) {
            return Uni.createFrom().item(n);
        }
    }

    @Timeout(200)
    @ApplicationScoped
    static class QuickScorer extends Scorer {
    }

    /** Injected nowhere: ArC removes it (a bean with a Fault Tolerance annotation it would keep). */
    @ApplicationScoped
    static class UnusedPatientScorer extends Scorer {
    }

    @Inject
    QuickScorer scorer;

    @Test
    void theApplicationStartsAndTheTaskRuns() {
        assertThat(scorer.score(3).await().atMost(Duration.ofSeconds(10))).isEqualTo(3);
    }
}
