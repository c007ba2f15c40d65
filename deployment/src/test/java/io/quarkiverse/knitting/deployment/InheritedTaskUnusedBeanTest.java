package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.deployment.InheritedScorers.PatientScorer;
import io.quarkiverse.knitting.deployment.InheritedScorers.QuickScorer;
import io.quarkiverse.knitting.deployment.InheritedScorers.Scorer;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The check that beans inheriting one {@code @Task} method agree on their Fault Tolerance timeout looks only at beans
 * the application keeps: {@code PatientScorer}, injected nowhere, is removed by ArC (a bean with a Fault Tolerance
 * annotation it would keep), calls nothing, and its missing timeout does not fail the startup.
 */
class InheritedTaskUnusedBeanTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(InheritedScorers.class, Scorer.class, QuickScorer.class,
                    PatientScorer.class));

    @Inject
    QuickScorer scorer;

    @Test
    void theApplicationStartsAndTheTaskRuns() {
        assertThat(scorer.score(3).await().atMost(Duration.ofSeconds(10))).isEqualTo(3);
    }
}
