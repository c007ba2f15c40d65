package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InvalidOptionException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolDefaults;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.PayloadMode;

class PoolSettingsTest {

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                invalid("name", "bad name", b -> b.name("bad name"), "letters, digits"),
                invalid("threads", "0", b -> b.threads(0), "from 1 to 4096"),
                invalid("threads", "5000", b -> b.threads(5000), "from 1 to 4096"),
                invalid("inliner.position", "null", b -> b.inlinerPosition(null), "first or last"),
                invalid("inliner.batch-size", "0", b -> b.inlinerBatchSize(0), ">= 1"),
                invalid("inliner.dispatch-threshold", "0", b -> b.inlinerDispatchThreshold(0), ">= 1"),
                invalid("balancer", "null", b -> b.balancer(null), "round-robin"),
                invalid("worker.timers.spin-microseconds", "-1", b -> b.spinMicroseconds(-1), ">= 0"),
                invalid("worker.timers.park-ms", "0", b -> b.parkMs(0), ">= 1"),
                invalid("worker.timers.pause-nanoseconds", "-5", b -> b.pauseNanoseconds(-5), ">= 0"),
                invalid("worker.timers.handoff-spin-microseconds", "-1",
                        b -> b.spinMicroseconds(20).handoffSpinMicroseconds(-1),
                        "from 0 to the spin, worker.timers.spin-microseconds (20)"),
                invalid("worker.timers.handoff-spin-microseconds", "21",
                        b -> b.spinMicroseconds(20).handoffSpinMicroseconds(21),
                        "from 0 to the spin, worker.timers.spin-microseconds (20)"),
                invalid("worker.hard-timeout-ms", "0", b -> b.hardTimeoutMs(0), ">= 1"),
                invalid("worker.hard-timeout-policy", "null", b -> b.hardTimeoutPolicy(null), "restart, shutdown"),
                invalid("worker.resource-limits.stack-size-mb", "0", b -> b.stackSizeMb(0), ">= 1"),
                invalid("worker.resource-limits.max-old-generation-size-mb", "-1",
                        b -> b.maxOldGenerationSizeMb(-1), ">= 1"),
                invalid("worker.resource-limits.max-young-generation-size-mb", "0",
                        b -> b.maxYoungGenerationSizeMb(0), ">= 1"),
                invalid("worker.resource-limits.code-range-size-mb", "0", b -> b.codeRangeSizeMb(0), ">= 1"),
                invalid("payload.mode", "null", b -> b.payloadMode(null), "growable or fixed"),
                invalid("payload.payload-max-byte-length", "4", b -> b.payloadMaxByteLength(4).maxPayloadBytes(1),
                        ">= 8"),
                invalid("payload.payload-initial-bytes", "0", b -> b.payloadInitialBytes(0), ">= 1"),
                invalid("payload.max-payload-bytes", "0", b -> b.maxPayloadBytes(0),
                        "greater than 0 and at most payload.payload-max-byte-length >> 3 (8388608)"),
                invalid("payload.max-payload-bytes", "8388609", b -> b.maxPayloadBytes(8_388_609),
                        "at most payload.payload-max-byte-length >> 3 (8388608)"),
                invalid("abort-signal-capacity", "0", b -> b.abortSignalCapacity(0), "from 1 to 65536"),
                invalid("max-queued", "0", b -> b.maxQueued(0), ">= 1"),
                invalid("queue-timeout-ms", "0", b -> b.queueTimeoutMs(0), ">= 1"),
                invalid("host.stall-free-loops", "-1", b -> b.hostStallFreeLoops(-1), ">= 0"),
                invalid("host.max-backoff-ms", "0", b -> b.hostMaxBackoffMs(0), ">= 1"),
                invalid("lane-queue-capacity", "1", b -> b.laneQueueCapacity(1), "from 2"),
                invalid("metrics.timer-sampling", "0", b -> b.timerSampling(0), "from 1 (time every call) to 1048576"));
    }

    private static Arguments invalid(String key, String value, UnaryOperator<KnittingPool.Builder> change,
            String allowed) {
        return Arguments.of(key, value, change, allowed);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidOptions")
    void anInvalidValueNamesTheKeyTheValueAndWhatIsAllowed(String key, String value,
            UnaryOperator<KnittingPool.Builder> change, String allowed) {
        KnittingPool.Builder builder = change.apply(KnittingPool.builder());

        assertThatThrownBy(builder::settings)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key + "=" + value)
                .hasMessageContaining(allowed);
    }

    @Test
    void everyInvalidValueIsReportedAtOnce() {
        KnittingPool.Builder builder = KnittingPool.builder().name("many").threads(0).parkMs(0).abortSignalCapacity(0);

        assertThatThrownBy(builder::settings)
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.problems())
                        .extracting(InvalidOptionException.Problem::key)
                        .containsExactly("threads", "worker.timers.park-ms", "abort-signal-capacity"))
                .hasMessage("Invalid knitting option threads=0 for pool 'many': allowed is an integer from 1 to 4096, "
                        + "or auto; Invalid knitting option worker.timers.park-ms=0 for pool 'many': allowed is an "
                        + "integer >= 1; Invalid knitting option abort-signal-capacity=0 for pool 'many': allowed is "
                        + "an integer from 1 to 65536");
    }

    @Test
    void timersDefaultToFiftyPerThreadTheSpinUpToAHundredMicroseconds() {
        PoolSettings settings = KnittingPool.builder().threads(3).settings();

        assertThat(PoolDefaults.spinMicroseconds(3, 4)).isEqualTo(100); // 150, bounded (issue 14)
        assertThat(PoolDefaults.spinMicroseconds(2, 2)).isEqualTo(100);
        assertThat(PoolDefaults.spinMicroseconds(1, 1)).isEqualTo(50);
        assertThat(PoolDefaults.spinMicroseconds(63, 64)).isEqualTo(100);
        assertThat(KnittingPool.builder().threads(1).settings().worker().timers().spinMicroseconds()).isEqualTo(50);
        assertThat(settings.worker().timers().parkMs()).isEqualTo(150);
        assertThat(settings.worker().timers().pauseNanoseconds()).isEqualTo(250);
    }

    @Test
    void anInvalidSpinIsReportedAloneNotAgainThroughTheHandoffSpinItsDefaultFollows() {
        assertThatThrownBy(() -> KnittingPool.builder().spinMicroseconds(-1).settings())
                .hasMessageContaining("worker.timers.spin-microseconds=-1")
                .hasMessageNotContaining("handoff");
    }

    @Test
    void theHandoffSpinDefaultsToTwoMicrosecondsAtMostTheSpin() {
        assertThat(KnittingPool.builder().threads(1).settings().worker().timers().handoffSpinMicroseconds())
                .isEqualTo(2);
        assertThat(KnittingPool.builder().spinMicroseconds(0).settings().worker().timers().handoffSpinMicroseconds())
                .as("no spin, no hand-off spin").isZero();
        assertThat(KnittingPool.builder().spinMicroseconds(1).settings().worker().timers().handoffSpinMicroseconds())
                .isEqualTo(1);
        assertThat(KnittingPool.builder().spinMicroseconds(80).handoffSpinMicroseconds(80).settings().worker()
                .timers().handoffSpinMicroseconds()).as("an explicit value applies").isEqualTo(80);
        assertThat(new PoolSettings.Timers(50, 50, 250).handoffSpinMicroseconds()).isEqualTo(2);
    }

    @Test
    void lanesThatOutnumberTheProcessorsDoNotSpinByDefault() {
        int processors = Runtime.getRuntime().availableProcessors();

        assertThat(PoolDefaults.spinMicroseconds(3, 2)).isZero();
        assertThat(PoolDefaults.spinMicroseconds(64, 63)).isZero();
        assertThat(KnittingPool.builder().threads(processors + 1).settings().worker().timers().spinMicroseconds())
                .isZero();
        assertThat(KnittingPool.builder().threads(processors + 1).spinMicroseconds(20).settings().worker().timers()
                .spinMicroseconds()).as("an explicit spin still applies").isEqualTo(20);
    }

    @Test
    void maxPayloadBytesDefaultsToAnEighthOfTheMaxByteLength() {
        assertThat(KnittingPool.builder().settings().payload().maxPayloadBytes()).isEqualTo(8L << 20);
        assertThat(KnittingPool.builder().payloadMaxByteLength(1024).payloadInitialBytes(512).settings()
                .payload().maxPayloadBytes()).isEqualTo(128);
    }

    @Test
    void fixedModeAllowsAnInitialSizeAboveTheMaximum() {
        PoolSettings settings = KnittingPool.builder().payloadMode(PayloadMode.FIXED).payloadInitialBytes(2048)
                .payloadMaxByteLength(1024).settings();

        assertThat(settings.payload().mode()).isEqualTo(PayloadMode.FIXED);
    }

    @Test
    void totalLanesCountTheInlineLane() {
        assertThat(KnittingPool.builder().threads(2).settings().totalLanes()).isEqualTo(2);
        assertThat(KnittingPool.builder().threads(2).inliner(true).settings().totalLanes()).isEqualTo(3);
    }

    @Test
    void balancerAcceptsKebabJavaScriptAndConstantSpellings() {
        assertThat(Balancer.parse("first-idle")).isEqualTo(Balancer.FIRST_IDLE);
        assertThat(Balancer.parse("firstIdleOrRandom")).isEqualTo(Balancer.FIRST_IDLE_OR_RANDOM);
        assertThat(Balancer.parse("RANDOM_LANE")).isEqualTo(Balancer.RANDOM_LANE);
        assertThat(Balancer.parse("robinRound").canonical()).isEqualTo(Balancer.ROUND_ROBIN);
        assertThatThrownBy(() -> Balancer.parse("fastest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fastest'")
                .hasMessageContaining("first-idle-or-random");
    }
}
