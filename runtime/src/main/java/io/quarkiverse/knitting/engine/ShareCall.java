package io.quarkiverse.knitting.engine;

import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * The call that runs one {@code callAll} share ({@link BatchChunk}): its arguments run one after the other, and the
 * hard timeout bounds each of them as it bounds one call, while its start time ({@code startedAt}: the lane view, the
 * run time its task's meter records) stays the share's.
 */
final class ShareCall<R> extends Call<BatchChunk, R> {

    /** When the argument running now started, for the hard timeout; 0 until the second argument starts. */
    private volatile long argumentStartedAt;

    /** The share as the {@code Uni} its batch joins. */
    ShareCall(RegisteredTask<BatchChunk, R> task, BatchChunk share) {
        super(task, share, null);
    }

    private ShareCall(RegisteredTask<BatchChunk, R> task, BatchChunk share, UniSubscriber<? super R> subscriber) {
        super(task, share, null, subscriber);
    }

    @Override
    ShareCall<R> copy(UniSubscriber<? super R> subscriber) {
        return new ShareCall<>(task, argument(), subscriber);
    }

    /** The share stops once its call is settled. */
    @Override
    void subscribed() {
        argument().runBy(this);
    }

    /** The share's next argument starts; noted only when a hard timeout watches it. */
    void argumentStarted() {
        if (startedAt != 0 && task.pool.watchesRunningCalls) {
            argumentStartedAt = System.nanoTime();
        }
    }

    @Override
    long hardTimeoutFrom() {
        long argument = argumentStartedAt;
        return argument != 0 ? argument : startedAt;
    }
}
