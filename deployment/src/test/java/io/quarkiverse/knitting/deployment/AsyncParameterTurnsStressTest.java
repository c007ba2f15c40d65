package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

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
        Set<Integer> values = ConcurrentHashMap.newKeySet();
        AtomicInteger answers = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread[] callers = new Thread[CALLERS];
        for (int c = 0; c < CALLERS; c++) {
            callers[c] = new Thread(() -> {
                for (int i = 0; i < SUBSCRIPTIONS; i++) {
                    Cancellable subscription = call.subscribe().with(value -> {
                        answers.incrementAndGet();
                        if (!values.add(value)) {
                            failures.add(new AssertionError("value " + value + " delivered twice"));
                        }
                    }, failures::add);
                    if (ThreadLocalRandom.current().nextInt(5) == 0) {
                        subscription.cancel();
                    } else {
                        kept.incrementAndGet();
                    }
                }
            });
            callers[c].start();
        }
        for (Thread caller : callers) {
            caller.join();
        }

        // a cancel may land after the answer: every subscription kept is answered, some cancelled ones too
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.get() >= kept.get() && tracked.inBody.get() == 0);
        assertThat(failures).isEmpty();
        assertThat(tracked.mostAtOnce).as("bodies of the call running at once").hasValue(1);
        assertThat(answers.get()).isLessThanOrEqualTo(CALLERS * SUBSCRIPTIONS).isEqualTo(values.size());
        assertThat(tracked.bodies.get()).as("bodies run").isGreaterThanOrEqualTo(answers.get())
                .isLessThanOrEqualTo(CALLERS * SUBSCRIPTIONS);
        // and the turn is free: one more subscription runs at once
        assertThat(call.await().atMost(Duration.ofSeconds(10))).isEqualTo(resolutions.get());
    }
}
