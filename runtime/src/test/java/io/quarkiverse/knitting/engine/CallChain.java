package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Calls a task again and again, each call made from the previous one's answer (on whatever thread delivers it), as
 * a caller looping over results does; asserts that every call was answered with an item.
 */
final class CallChain implements UniSubscriber<Integer> {

    private final TaskRef<Integer, Integer> task;
    private final int calls;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);

    private CallChain(TaskRef<Integer, Integer> task, int calls) {
        this.task = task;
        this.calls = calls;
    }

    static void run(TaskRef<Integer, Integer> task, int calls) throws InterruptedException {
        CallChain chain = new CallChain(task, calls);
        task.call(0).subscribe().withSubscriber(chain);
        assertThat(chain.done.await(60, TimeUnit.SECONDS)).as("%d calls answered, %d expected", chain.answered.get(),
                calls).isTrue();
        assertThat(chain.failure.get()).as("failure after %d answers", chain.answered.get()).isNull();
        assertThat(chain.answered).hasValue(calls);
    }

    @Override
    public void onSubscribe(UniSubscription subscription) {
    }

    @Override
    public void onItem(Integer n) {
        if (answered.incrementAndGet() < calls) {
            task.call(n).subscribe().withSubscriber(this); // one subscriber for the whole chain: one call at a time
        } else {
            done.countDown();
        }
    }

    @Override
    public void onFailure(Throwable error) {
        failure.set(error);
        done.countDown();
    }
}
