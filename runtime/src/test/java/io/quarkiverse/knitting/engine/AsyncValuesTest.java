package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** Remembering the last plain class never hides a {@code Uni} or a {@code CompletionStage} that comes after it. */
class AsyncValuesTest {

    private final AsyncValues values = new AsyncValues();

    @Test
    void plainValuesAreNotAsyncAndNullIsNeither() {
        assertThat(values.isAsync(41)).isFalse();
        assertThat(values.isAsync(42)).isFalse();
        assertThat(values.isAsync("text")).isFalse();
        assertThat(values.isAsync(null)).isFalse();
    }

    @Test
    void anAsyncValueIsSeenAfterAPlainClassWasRemembered() {
        assertThat(values.isAsync(41)).isFalse();
        assertThat(values.isAsync(Uni.createFrom().item(1))).isTrue();
        assertThat(values.isAsync(41)).isFalse();
        assertThat(values.isAsync(CompletableFuture.completedFuture(1))).isTrue();
        assertThat(values.isAsync(Uni.createFrom().item(1))).as("an async value is never remembered as plain").isTrue();
    }
}
