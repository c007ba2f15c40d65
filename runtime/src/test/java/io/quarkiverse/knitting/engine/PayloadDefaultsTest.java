package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.PayloadMode;

/** The payload options default to values that fit whatever payload-max-byte-length is configured. */
class PayloadDefaultsTest {

    private static final long MIB = 1L << 20;

    @Test
    void aPoolWithOnlyASmallPayloadMaxByteLengthBuilds() {
        KnittingPool pool = KnittingPool.builder().name("payload-small").payloadMaxByteLength(1024).build();
        try (pool) {
            assertThat(Threads.liveKnittingThreads("payload-small")).isNotEmpty();
        }
        assertThat(Threads.liveKnittingThreads("payload-small")).isEmpty();
    }

    @Test
    void initialBytesDefaultToASmallMaxByteLengthInGrowableMode() {
        PoolSettings settings = KnittingPool.builder().payloadMaxByteLength(1024).settings();

        assertThat(settings.payload().mode()).isEqualTo(PayloadMode.GROWABLE);
        assertThat(settings.payload().payloadInitialBytes()).isEqualTo(1024);
    }

    @Test
    void initialBytesDefaultToTheMaxByteLengthInFixedMode() {
        PoolSettings settings = KnittingPool.builder().payloadMode(PayloadMode.FIXED).payloadMaxByteLength(MIB)
                .settings();

        assertThat(settings.payload().payloadInitialBytes()).isEqualTo(MIB);
    }

    @Test
    void aZeroMaxPayloadBytesIsRefusedNamingTheKeyTheValueAndTheRange() {
        KnittingPool.Builder builder = KnittingPool.builder().payloadMaxByteLength(1024).maxPayloadBytes(0);

        assertThatThrownBy(builder::settings)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload.max-payload-bytes=0")
                .hasMessageContaining("greater than 0")
                .hasMessageContaining("(128)");
    }

    @Test
    void aMaxPayloadBytesAboveAnEighthOfTheMaxByteLengthIsRefusedNamingTheKeyTheValueAndTheRange() {
        KnittingPool.Builder builder = KnittingPool.builder().payloadMaxByteLength(1024).maxPayloadBytes(1024 / 8 + 1);

        assertThatThrownBy(builder::settings)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload.max-payload-bytes=129")
                .hasMessageContaining("at most payload.payload-max-byte-length >> 3 (128)");
    }
}
