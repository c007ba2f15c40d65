package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * What the build must accept: @Task on an interface method whose implementation repeats it, and a producer that hands
 * on the injected (intercepted) bean.
 */
class TaskOnInterfaceAndImplementationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Hasher.class, PlainHasher.class, Aliases.class));

    interface Hasher {
        @Task
        Uni<String> hash(String text);
    }

    @ApplicationScoped
    static class PlainHasher implements Hasher {
        @Task
        @Override
        public Uni<String> hash(String text) {
            return Uni.createFrom().item(text.hashCode() + " on " + Thread.currentThread().getName());
        }
    }

    @ApplicationScoped
    static class Aliases {
        @Produces
        @Dependent
        @Identifier("alias")
        PlainHasher alias(PlainHasher hasher) {
            return hasher;
        }
    }

    @Inject
    Hasher hasher;

    @Inject
    @Identifier("alias")
    PlainHasher alias;

    @Test
    void bothRunOnALane() {
        assertThat(hasher.hash("a").await().atMost(WAIT)).endsWith(" on knitting-default-0");
        assertThat(alias.hash("b").await().atMost(WAIT)).endsWith(" on knitting-default-0");
    }
}
