package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One returned {@code Uni} with a {@code Uni} parameter, subscribed from several threads at once, a fifth of the
 * subscriptions cancelled at once: its bodies never overlap (they share the invocation's parameters), every
 * subscription that was not cancelled is answered once with a value of its own, and no turn is left held.
 */
class AsyncParameterTurnsStressTest {

    private static final int CALLERS = 4;
    private static final int SUBSCRIPTIONS = 500;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Tracked.class))
            .overrideConfigKey("knitting.\"turns\".threads", "2");

    static class Tracked {
        final AtomicInteger inBody = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger bodies = new AtomicInteger();

        @Task(pool = "turns")
        Uni<Integer> tracked(Uni<Integer> value) {
            mostAtOnce.accumulateAndGet(inBody.incrementAndGet(), Math::max);
            bodies.incrementAndGet();
            int resolved = value.await().indefinitely();
            Thread.onSpinWait();
            inBody.decrementAndGet();
            return Uni.createFrom().item(resolved);
        }
    }

    @Inject
    Tracked tracked;

    @Test
    void bodiesTakeTurnsAndEverySubscriptionIsAnsweredOnce() throws Exception {
        AtomicInteger resolutions = new AtomicInteger();
        Uni<Integer> call = tracked.tracked(Uni.createFrom().item(resolutions::incrementAndGet));
        Recorder[] recorders = new Recorder[CALLERS * SUBSCRIPTIONS];
        Thread[] callers = new Thread[CALLERS];
        for (int c = 0; c < CALLERS; c++) {
            int first = c * SUBSCRIPTIONS;
            callers[c] = new Thread(() -> {
                for (int i = first; i < first + SUBSCRIPTIONS; i++) {
                    Recorder recorder = new Recorder();
                    recorders[i] = recorder;
                    call.subscribe().withSubscriber(recorder);
                    if (ThreadLocalRandom.current().nextInt(5) == 0) {
                        recorder.cancel();
                    }
                }
            });
            callers[c].start();
        }
        for (Thread caller : callers) {
            caller.join();
        }

        // a cancel may land after the answer: every subscription kept is answered, some cancelled ones too
        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(recorders)
                .allMatch(recorder -> recorder.cancelled || !recorder.answers.isEmpty())
                && tracked.inBody.get() == 0);
        Set<Object> values = new HashSet<>();
        int answered = 0;
        for (int i = 0; i < recorders.length; i++) {
            List<Object> answers = recorders[i].answers;
            assertThat(answers).as("answers to subscription %d", i).hasSizeLessThanOrEqualTo(1);
            if (!recorders[i].cancelled) {
                assertThat(answers).as("answers to subscription %d", i).hasSize(1);
            }
            for (Object answer : answers) {
                assertThat(answer).as("answer to subscription %d", i).isInstanceOf(Integer.class);
                assertThat(values.add(answer)).as("value %s delivered once", answer).isTrue();
                answered++;
            }
        }
        assertThat(tracked.mostAtOnce).as("bodies of the call running at once").hasValue(1);
        assertThat(tracked.bodies.get()).as("bodies run").isGreaterThanOrEqualTo(answered)
                .isLessThanOrEqualTo(recorders.length);
        // and the turn is free: one more subscription runs at once
        assertThat(call.await().atMost(Duration.ofSeconds(10))).isEqualTo(resolutions.get());
    }

    /** Records every answer; unlike {@code subscribe().with(...)} it lets a second answer or a late one show. */
    private static final class Recorder implements UniSubscriber<Integer> {
        final List<Object> answers = new CopyOnWriteArrayList<>();
        volatile boolean cancelled;
        private volatile UniSubscription subscription;

        @Override
        public void onSubscribe(UniSubscription subscription) {
            this.subscription = subscription;
            if (cancelled) {
                subscription.cancel();
            }
        }

        @Override
        public void onItem(Integer item) {
            answers.add(item);
        }

        @Override
        public void onFailure(Throwable failure) {
            answers.add(failure);
        }

        void cancel() {
            cancelled = true;
            UniSubscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
