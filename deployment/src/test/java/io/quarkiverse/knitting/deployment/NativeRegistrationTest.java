package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * In a native image the payload guard can read the components only of records registered for reflection: the
 * build registers those that {@code @Task} signatures can carry, and no others while every type is specific.
 */
class NativeRegistrationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Part.class, Doc.class, Shape.class, Circle.class, Square.class,
                    Summary.class, Unrelated.class, Work.class, NativeRegistrations.class, InheritedScorers.class,
                    InheritedScorers.Scorer.class, InheritedScorers.QuickScorer.class,
                    InheritedScorers.PatientScorer.class))
            .addBuildChainCustomizer(NativeRegistrations.collector());

    record Part(String name, byte[] bytes) {
    }

    record Doc(String title, List<Part> parts) {
    }

    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }

    record Summary(int parts) {
    }

    record Unrelated(String text) {
    }

    static class Work {
        @Task
        Uni<Summary> summarize(Doc doc) {
            return Uni.createFrom().item(new Summary(doc.parts().size()));
        }

        @Task
        CompletionStage<String> draw(Map<String, Shape[]> shapes, int times) {
            return CompletableFuture.completedFuture(shapes.keySet() + " x" + times);
        }
    }

    @Test
    void recordsInTaskSignaturesAreRegistered() {
        assertThat(NativeRegistrations.reflectiveClasses()).contains(Doc.class.getName(), Summary.class.getName());
    }

    @Test
    void recordsInsideRecordsAndTypeArgumentsAreRegistered() {
        assertThat(NativeRegistrations.reflectiveClasses()).contains(Part.class.getName());
    }

    @Test
    void recordsImplementingADeclaredInterfaceAreRegistered() {
        assertThat(NativeRegistrations.reflectiveClasses()).contains(Circle.class.getName(), Square.class.getName());
    }

    /** Every bean that inherits a task is loaded by name at startup (to compare their Fault Tolerance timeouts). */
    @Test
    void everyBeanReachingAnInheritedTaskIsRegistered() {
        assertThat(NativeRegistrations.reflectiveClasses()).contains(InheritedScorers.QuickScorer.class.getName(),
                InheritedScorers.PatientScorer.class.getName());
    }

    /** The spin permits count the processors where the image runs, not where it was built. */
    @Test
    void theSpinPermitCountIsTakenAtRuntime() {
        assertThat(NativeRegistrations.runtimeInitialized())
                .containsExactly("io.quarkiverse.knitting.engine.SpinPermits");
    }

    @Test
    void theEngineBehindTheApiIsKeptAsAServiceProvider() {
        assertThat(NativeRegistrations.engineProviders()).containsExactly("io.quarkiverse.knitting.engine.Engine");
    }

    @Test
    void theClassesOfTaskMethodsAreRegisteredForTheirLookupAtStartup() {
        assertThat(NativeRegistrations.reflectiveClasses()).contains(Work.class.getName());
    }

    @Test
    void recordsNoTaskCanCarryAreNotRegistered() {
        assertThat(NativeRegistrations.reflectiveClasses()).doesNotContain(Unrelated.class.getName());
    }

    @Test
    void theFaultToleranceLookupIsRegisteredWhenFaultToleranceIsPresent() {
        assertThat(NativeRegistrations.reflectiveClasses())
                .contains("io.smallrye.faulttolerance.FaultToleranceOperationProvider");
    }

    @Test
    void theContextPropagationLookupIsRegisteredWhenContextPropagationIsPresent() {
        assertThat(NativeRegistrations.reflectiveClasses()).contains("org.eclipse.microprofile.context.ThreadContext");
    }
}
