package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** A {@code @Task} parameter typed {@code Object} can carry any record: every application record is registered. */
class OpenPayloadTypeRegistrationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Anything.class, Unrelated.class, NativeRegistrations.class))
            .addBuildChainCustomizer(NativeRegistrations.collector());

    record Unrelated(String text) {
    }

    static class Anything {
        @Task
        Uni<String> describe(Object value) {
            return Uni.createFrom().item(String.valueOf(value));
        }
    }

    @Test
    void everyApplicationRecordIsRegistered() {
        assertThat(NativeRegistrations.reflectiveClasses()).contains(Unrelated.class.getName());
    }
}
