package io.quarkiverse.knitting.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Dev mode times every call (the Dev UI shows how long each running call has run), but the value the application
 * configures is still checked there: a value production refuses is refused in dev mode too, not found at the first
 * production start. In this module for its class path: SmallRye Config generates the mapping with ASM, which the
 * Quarkus build brings.
 */
class DevModeTimerSamplingTest {

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void anInvalidTimerSamplingFailsInDevModeAsInProduction(boolean devMode) {
        KnittingConfig config = configWith("knitting.metrics.timer-sampling", "0");

        assertThatThrownBy(() -> reader(config, devMode).read())
                .isInstanceOf(PoolConfigReader.InvalidPoolConfiguration.class)
                .hasMessageContaining("knitting.metrics.timer-sampling=0 is invalid: allowed is an integer from 1");
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void aValidTimerSamplingIsTheConfiguredOneOutsideDevModeAndEveryCallInIt(boolean devMode) {
        KnittingConfig config = configWith("knitting.metrics.timer-sampling", "64");

        assertThat(reader(config, devMode).read().metrics().timerSampling()).isEqualTo(devMode ? 1 : 64);
    }

    private static PoolConfigReader reader(KnittingConfig config, boolean devMode) {
        return new PoolConfigReader(KnittingConfig.DEFAULT_POOL, config.pools().get(KnittingConfig.DEFAULT_POOL), true,
                devMode);
    }

    private static KnittingConfig configWith(String key, String value) {
        return new SmallRyeConfigBuilder()
                .withMapping(KnittingConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's, which reads "10s"
                .withSources(new PropertiesConfigSource(Map.of(key, value), "test", 500))
                .build()
                .getConfigMapping(KnittingConfig.class);
    }
}
