package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskTimeoutException;

/** A metered pool's task meters and lane idle times; an observer that throws. */
class TaskMeterTest extends PoolTestBase {

    @Test
    void aMeteredPoolTimesItsCallsAndItsLanesIdleTime() throws Exception {
        pool = KnittingPool.builder().name("metered").threads(1).spinMicroseconds(200).parkMs(1).metrics(true)
                .timerSampling(1).build();
        List<TaskMeter> meters = meters((Pool) pool);
        TaskRef<Integer, Integer> task = pool.register("sleepy", n -> {
            Thread.sleep(2);
            return n;
        });
        for (int i = 0; i < 5; i++) {
            assertThat(task.call(i).await().atMost(WAIT)).isEqualTo(i);
            Thread.sleep(5); // the lane spins, then parks
        }
        assertThat(meters).hasSize(1);
        TaskMeter meter = meters.get(0);
        await().atMost(WAIT).until(() -> meter.ran() == 5);
        assertThat(meter.task()).isEqualTo("sleepy");
        assertThat(meter.count(TaskMeter.Outcome.COMPLETED)).isEqualTo(5);
        assertThat(meter.started()).isEqualTo(5);
        assertThat(meter.runNanos()).isGreaterThanOrEqualTo(5 * 2_000_000L);
        assertThat(meter.queueWaitNanos()).isNotNegative();
        Pool engine = (Pool) pool;
        await().atMost(WAIT).until(() -> engine.laneIdleSpinNanos(0) > 0 && engine.laneIdleParkNanos(0) > 0);
    }

    /** One call in 4 is timed, at random: every call is counted, the timed ones start and end in the timers. */
    @Test
    void timersSampleTheCallsAndCountersCountThemAll() {
        pool = KnittingPool.builder().name("metered-sampled").threads(1).metrics(true).timerSampling(4).build();
        List<TaskMeter> meters = meters((Pool) pool);
        TaskRef<Integer, Integer> task = pool.register("quick", n -> n);
        int calls = 4_000;
        for (int i = 0; i < calls; i++) {
            task.call(i).await().atMost(WAIT);
        }
        TaskMeter meter = meters.get(0);
        await().atMost(WAIT).until(() -> meter.ran() == meter.started());
        assertThat(meter.count(TaskMeter.Outcome.COMPLETED)).isEqualTo(calls);
        // binomial(4000, 1/4): mean 1000, standard deviation 27; the bounds are 10 of them away
        assertThat(meter.started()).isBetween(730L, 1270L);
    }

    @Test
    void softTimeoutsAreCountedAsTimeouts() {
        pool = KnittingPool.builder().name("metered-timeouts").threads(1).metrics(true).build();
        List<TaskMeter> meters = meters((Pool) pool);
        TaskRef<Integer, Integer> late = pool.register("late", TaskOptions.defaults().withTimeoutMs(20), n -> {
            Thread.sleep(200);
            return n;
        });
        Throwable failure = late.call(1).onItemOrFailure().transform((item, error) -> error).await().atMost(WAIT);
        assertThat(failure).isInstanceOf(TaskTimeoutException.class);
        assertThat(meters.get(0).count(TaskMeter.Outcome.TIMEOUT)).isEqualTo(1);
        assertThat(meters.get(0).count(TaskMeter.Outcome.FAILED)).isZero();
        assertThat(pool.stats().failed()).isEqualTo(1); // PoolStats has no timeout outcome of its own
    }

    @Test
    void anUnmeteredPoolKeepsNoMeterAndTimesNoIdle() throws Exception {
        pool = KnittingPool.builder().name("unmetered").threads(1).spinMicroseconds(100).parkMs(1).build();
        List<TaskMeter> meters = meters((Pool) pool);
        TaskRef<Integer, Integer> task = pool.register("plain", n -> n);
        assertThat(task.call(1).await().atMost(WAIT)).isEqualTo(1);
        Thread.sleep(5);
        assertThat(meters).containsExactly((TaskMeter) null);
        assertThat(((Pool) pool).laneIdleSpinNanos(0)).isZero();
        assertThat(((Pool) pool).laneIdleParkNanos(0)).isZero();
    }

    @Test
    void anObserverThatThrowsDoesNotStopRegistrationNorTheOtherObservers() {
        pool = KnittingPool.builder().name("observed").threads(1).build();
        Pool engine = (Pool) pool;
        pool.register("before", n -> n);
        engine.observe(new PoolObserver() {
            @Override
            public void taskRegistered(String task, TaskMeter meter) {
                throw new IllegalStateException("observer bug");
            }
        });
        List<String> told = new ArrayList<>();
        engine.observe(new PoolObserver() {
            @Override
            public void taskRegistered(String task, TaskMeter meter) {
                told.add(task);
            }

            @Override
            public void closed(String reason) {
                told.add("closed: " + reason);
            }
        });
        TaskRef<Integer, Integer> after = pool.register("after", n -> n + 1);
        assertThat(after.call(1).await().atMost(WAIT)).isEqualTo(2);
        pool.close();
        assertThat(told).containsExactly("before", "after", "closed: shut down");
    }

    /**
     * A {@code callAll} share runs its arguments one after the other in one call: its run time is the whole share's,
     * although the hard timeout counts each argument from its own start.
     */
    @Test
    void aCallAllShareIsTimedWhole() {
        pool = KnittingPool.builder().name("metered-shares").threads(1).metrics(true).timerSampling(1).build();
        List<TaskMeter> meters = meters((Pool) pool);
        TaskRef<Integer, Integer> task = pool.register("sleepy", n -> {
            Thread.sleep(2);
            return n;
        });

        assertThat(task.callAll(List.of(1, 2, 3, 4, 5)).await().atMost(WAIT)).containsExactly(1, 2, 3, 4, 5);

        TaskMeter shares = meters.stream().filter(meter -> meter.task().equals("sleepy [callAll]")).findFirst()
                .orElseThrow();
        await().atMost(WAIT).until(() -> shares.ran() == 1);
        assertThat(shares.runNanos()).as("five arguments of 2 ms each").isGreaterThanOrEqualTo(5 * 2_000_000L);
    }

    /** The meters of the pool's tasks (null for an unmetered pool), as an observer hears of them. */
    private static List<TaskMeter> meters(Pool pool) {
        List<TaskMeter> meters = new ArrayList<>();
        pool.observe(new PoolObserver() {
            @Override
            public void taskRegistered(String task, TaskMeter meter) {
                meters.add(meter);
            }
        });
        return meters;
    }
}
