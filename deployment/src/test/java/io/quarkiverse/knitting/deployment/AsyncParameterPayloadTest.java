package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.PayloadTooLargeException;
import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code payload.max-payload-bytes} measures what a {@code Uni} or {@code CompletionStage} parameter resolved to, as it
 * measures a plain argument: the wrapper the body receives used to hide it from the guard.
 */
class AsyncParameterPayloadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Sizes.class))
            .overrideConfigKey("knitting.payload.max-payload-bytes", "64");

    static class Sizes {
        @Task
        Uni<Integer> ofUni(Uni<byte[]> data) {
            return data.map(bytes -> bytes.length);
        }

        @Task
        Uni<Integer> ofStage(CompletionStage<byte[]> data) {
            return Uni.createFrom().completionStage(data).map(bytes -> bytes.length);
        }
    }

    @Inject
    Sizes sizes;

    @Test
    void aUniParameterOverTheLimitIsRefused() {
        assertThat(sizes.ofUni(Uni.createFrom().item(new byte[64])).await().atMost(WAIT)).isEqualTo(64);
        assertThatThrownBy(() -> sizes.ofUni(Uni.createFrom().item(new byte[65])).await().atMost(WAIT))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void aCompletionStageParameterOverTheLimitIsRefused() {
        assertThat(sizes.ofStage(CompletableFuture.completedFuture(new byte[64])).await().atMost(WAIT)).isEqualTo(64);
        assertThatThrownBy(() -> sizes.ofStage(CompletableFuture.completedFuture(new byte[65])).await().atMost(WAIT))
                .isInstanceOf(PayloadTooLargeException.class);
    }
}
