package io.quarkiverse.knitting.deployment;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** One {@code @Task} method inherited by two beans whose Fault Tolerance timeouts differ. */
final class InheritedScorers {

    private InheritedScorers() {
    }

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

    @ApplicationScoped
    static class PatientScorer extends Scorer {
    }
}
