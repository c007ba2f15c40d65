package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/** The payload guard measures collections in results: a result that cannot be measured must fail only its call. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResultMeasurementTest extends PoolTestBase {

    /** A list that cannot even be looked at. */
    static final class UnreadableList extends AbstractList<String> {
        @Override
        public String get(int index) {
            throw new IllegalStateException("unreadable element " + index);
        }

        @Override
        public int size() {
            throw new IllegalStateException("unreadable size");
        }

        @Override
        public Iterator<String> iterator() {
            throw new IllegalStateException("unreadable iterator");
        }
    }

    @Test
    void anUnmeasurableResultFailsTheCallAndTheLaneKeepsServing() {
        pool = KnittingPool.builder().name("measure-lane").threads(1).build();
        TaskRef<Integer, List<String>> unreadable = pool.register("unreadable", n -> new UnreadableList());
        TaskRef<Integer, Integer> plus = pool.register("plus", n -> n + 1);

        assertThatThrownBy(() -> unreadable.call(1).await().atMost(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unreadable");

        assertThat(plus.call(1).await().atMost(WAIT)).isEqualTo(2);
    }

    @Test
    void anUnmeasurableResultOnTheInlineLaneFailsTheCallAndLeavesNothingInFlight() {
        pool = KnittingPool.builder().name("measure-inline").threads(1).inliner(true)
                .inlinerPosition(InlinerPosition.FIRST).balancer(Balancer.FIRST_IDLE).build();
        TaskRef<Integer, List<String>> unreadable = pool.register("unreadable", n -> new UnreadableList());
        TaskRef<Integer, String> lane = pool.register("lane", n -> Thread.currentThread().getName());
        assertThat(lane.call(0).await().atMost(WAIT)).isEqualTo(Thread.currentThread().getName()); // inline indeed

        assertThatThrownBy(() -> unreadable.call(1).await().atMost(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unreadable");

        assertThat(pool.stats().inFlight()).isZero();
        assertThat(lane.call(2).await().atMost(WAIT)).isEqualTo(Thread.currentThread().getName());
    }
    @Test
    void anUnmeasurableAwaitedOutputFailsTheCallAndLeavesNothingInFlight() {
        pool = KnittingPool.builder().name("measure-output").threads(1).build();
        TaskRef<Integer, List<String>> later = pool.registerAsync("later", TaskOptions.defaults(),
                n -> Uni.createFrom().item((List<String>) new UnreadableList()).onItem().delayIt()
                        .by(Duration.ofMillis(20)));

        assertThatThrownBy(() -> later.call(1).await().atMost(WAIT)).isInstanceOf(IllegalStateException.class);
        assertThat(pool.stats().inFlight()).isZero();
    }
}
