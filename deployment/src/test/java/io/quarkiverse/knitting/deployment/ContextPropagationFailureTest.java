package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A ThreadContextProvider is user code that now runs around every body of a caller off Vert.x: when it throws, on the
 * caller's side or on the lane's, that one call fails with its exception, and the lane serves the next call.
 */
class ContextPropagationFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Mood.class, MoodyProvider.class, Probe.class)
                    .addAsServiceProvider(ThreadContextProvider.class, MoodyProvider.class));

    /** What the provider carries, and how it fails. */
    public static final class Mood {
        static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    }

    /** Throws when it captures "fail on capture", and when it applies "fail on the lane". */
    public static final class MoodyProvider implements ThreadContextProvider {
        @Override
        public ThreadContextSnapshot currentContext(Map<String, String> props) {
            String captured = Mood.CURRENT.get();
            if ("fail on capture".equals(captured)) {
                throw new IllegalStateException("the provider broke while capturing");
            }
            return () -> {
                if ("fail on the lane".equals(captured)) {
                    throw new IllegalStateException("the provider broke on the lane");
                }
                String before = Mood.CURRENT.get();
                Mood.CURRENT.set(captured);
                return (ThreadContextController) () -> Mood.CURRENT.set(before);
            };
        }

        @Override
        public ThreadContextSnapshot clearedContext(Map<String, String> props) {
            return () -> {
                String before = Mood.CURRENT.get();
                Mood.CURRENT.remove();
                return (ThreadContextController) () -> Mood.CURRENT.set(before);
            };
        }

        @Override
        public String getThreadContextType() {
            return "Mood";
        }
    }

    static class Probe {
        @Task
        Uni<String> look() {
            return Uni.createFrom().item(Thread.currentThread().getName() + " in mood " + Mood.CURRENT.get());
        }
    }

    @Inject
    Probe probe;

    @Test
    void aProviderThatThrowsFailsOnlyItsCall() throws Exception {
        assertThatThrownBy(() -> callFromAPlainThread("fail on capture")).hasRootCauseMessage(
                "the provider broke while capturing");
        assertThatThrownBy(() -> callFromAPlainThread("fail on the lane")).hasRootCauseMessage(
                "the provider broke on the lane");

        assertThat(callFromAPlainThread("calm")).isEqualTo("knitting-default-0 in mood calm");
    }

    private String callFromAPlainThread(String mood) throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            Mood.CURRENT.set(mood);
            try {
                seen.complete(probe.look().await().atMost(WAIT));
            } catch (Throwable failure) {
                seen.completeExceptionally(failure);
            } finally {
                Mood.CURRENT.remove();
            }
        }, "plain-caller");
        caller.start();
        return seen.get(10, TimeUnit.SECONDS);
    }
}
