package io.quarkiverse.knitting.deployment;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;

/** The problems a failed build reported through ArC's validation: one message each. */
final class BuildProblems {

    private BuildProblems() {
    }

    /** ArC throws one problem as it is, and several as a DeploymentException that carries them as suppressed. */
    static List<String> of(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof DeploymentException deployment && deployment.getSuppressed().length > 0) {
                List<String> messages = new ArrayList<>();
                for (Throwable problem : deployment.getSuppressed()) {
                    messages.add(problem.getMessage());
                }
                return messages;
            }
            if (current instanceof DefinitionException definition) {
                return List.of(definition.getMessage());
            }
        }
        throw new AssertionError("The build failed without a deployment problem", failure);
    }
}
