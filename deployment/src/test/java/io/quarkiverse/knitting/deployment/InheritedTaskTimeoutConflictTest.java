package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.deployment.InheritedScorers.PatientScorer;
import io.quarkiverse.knitting.deployment.InheritedScorers.QuickScorer;
import io.quarkiverse.knitting.deployment.InheritedScorers.Scorer;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code @Task} method inherited by several beans is one task, with one cancel deadline taken from Fault Tolerance's
 * {@code @Timeout}. When the beans' timeouts differ (a class-level {@code @Timeout} on one of them), no deadline fits
 * them all: the calls of the bean without a timeout used to be cancelled at the other bean's deadline. The startup
 * fails instead, naming the method, the beans and their timeouts, and what to do.
 */
class InheritedTaskTimeoutConflictTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(InheritedScorers.class, Scorer.class, QuickScorer.class,
                    PatientScorer.class))
            .assertException(failure -> assertThat(ConfigFailure.rootCause(failure)).hasMessage(
                    "The @Task method " + Scorer.class.getName() + "#score(int) is inherited by beans whose Fault "
                            + "Tolerance @Timeout differ (" + PatientScorer.class.getName() + ": none, "
                            + QuickScorer.class.getName() + ": 200 ms), but it is one task, which cancels its calls "
                            + "at one deadline: put the @Timeout on the method itself, or override the method in "
                            + "each bean and repeat @Task there"));

    @Inject
    QuickScorer quick;

    @Inject
    PatientScorer patient;

    @Test
    void startupFails() {
        // the assertion is in the extension
    }
}
