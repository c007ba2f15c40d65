package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskTimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * A call's soft timeout and cancel deadline count from its subscription, the wait for a {@code Uni} argument included:
 * a call whose argument never arrives is answered at its deadline (it used to wait for ever, the deadlines starting
 * only once the argument had arrived), and the argument is cancelled.
 */
class PendingArgumentDeadlineTest extends PoolTestBase {

    @Test
    void aSoftTimeoutAnswersACallWhoseArgumentNeverArrivesAndCancelsTheArgument() {
        pool = KnittingPool.builder().name("pending-soft").threads(1).build();
        AtomicInteger ran = new AtomicInteger();
        TaskRef<Integer, Integer> task = pool.register("task", TaskOptions.defaults().withTimeoutMs(50), n -> {
            ran.incrementAndGet();
            return n;
        });
        AtomicBoolean argumentCancelled = new AtomicBoolean();

        Uni<Integer> call = task.callWith(Uni.createFrom().<Integer> nothing().onCancellation()
                .invoke(() -> argumentCancelled.set(true)), null);

        assertThatThrownBy(() -> call.await().atMost(WAIT)).isInstanceOf(TaskTimeoutException.class)
                .hasMessageContaining("soft timeout");
        await().atMost(WAIT).untilTrue(argumentCancelled);
        assertThat(ran).hasValue(0);
        assertThat(pool.stats().inFlight()).isZero();
    }

    @Test
    void withOnTimeoutNullSuchACallCompletesWithNull() {
        pool = KnittingPool.builder().name("pending-null").threads(1).build();
        TaskRef<Integer, Integer> task = pool.register("task", new TaskOptions(50, OnTimeout.NULL, false), n -> n);

        assertThat(task.callWith(Uni.createFrom().nothing(), null).await().atMost(WAIT)).isNull();
    }

    @Test
    void aCancelDeadlineAnswersSuchACallToo() {
        pool = KnittingPool.builder().name("pending-cancel").threads(1).build();
        TaskRef<Integer, Integer> task = pool.register("task", TaskOptions.defaults().withCancelAfterMs(50), n -> n);

        assertThatThrownBy(() -> task.callWith(Uni.createFrom().nothing(), null).await().atMost(WAIT))
                .isInstanceOf(TaskTimeoutException.class).hasMessageContaining("cancelled after 50 ms");
    }

    /**
     * Arguments arriving around the deadline, from several threads: each call is answered exactly once (a plain
     * subscriber, so a second answer would show), an item only by a body that ran once, and the run shows both sides
     * winning: some arguments beat their deadline, some deadlines beat their argument.
     */
    @Test
    void argumentsRacingTheirDeadlineAnswerEachCallOnce() throws Exception {
        pool = KnittingPool.builder().name("pending-race").threads(2).build();
        int calls = 2_000;
        long deadlineMicros = 2_000;
        AtomicIntegerArray ran = new AtomicIntegerArray(calls);
        TaskRef<Integer, Integer> task = pool.register("task",
                TaskOptions.defaults().withTimeoutMs(deadlineMicros / 1_000), n -> {
                    ran.incrementAndGet(n);
                    return n;
                });
        List<RecordingSubscriber<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(new RecordingSubscriber<>());
        }
        Thread[] callers = new Thread[3];
        for (int t = 0; t < callers.length; t++) {
            int offset = t;
            callers[t] = new Thread(() -> {
                for (int i = offset; i < calls; i += callers.length) {
                    CompletableFuture<Integer> argument = new CompletableFuture<>();
                    task.callWith(Uni.createFrom().completionStage(argument), null).subscribe()
                            .withSubscriber(answers.get(i));
                    // around the deadline: about half arrive before it, half after
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(
                            ThreadLocalRandom.current().nextLong(2 * deadlineMicros)));
                    argument.complete(i);
                }
            });
            callers[t].start();
        }
        for (Thread caller : callers) {
            caller.join();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 0; i < calls; i++) {
                assertThat(answers.get(i).answers).as("answers to call " + i).hasSize(1);
            }
        });
        int items = 0;
        int timeouts = 0;
        for (int i = 0; i < calls; i++) {
            Object answer = answers.get(i).answers.get(0);
            assertThat(ran.get(i)).as("runs of call " + i).isLessThanOrEqualTo(1);
            if (answer instanceof TaskTimeoutException) {
                timeouts++;
            } else {
                assertThat(answer).as("answer to call " + i).isEqualTo(i);
                assertThat(ran.get(i)).as("runs of call " + i).isEqualTo(1);
                items++;
            }
        }
        assertThat(items).as("arguments that beat their deadline").isPositive();
        assertThat(timeouts).as("deadlines that beat their argument").isPositive();
        await().atMost(WAIT).until(() -> pool.stats().inFlight() == 0);
        Thread.sleep(50); // an answer given twice would come after the first
        for (int i = 0; i < calls; i++) {
            assertThat(answers.get(i).answers).as("answers to call " + i).hasSize(1);
        }
    }
}
