package io.quarkiverse.knitting.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Records every item and failure it is given. Unlike {@code subscribe().with(...)}, whose wrapper drops a second
 * answer and any answer after a cancel, it lets a test see an answer given twice or after the cancel.
 */
final class RecordingSubscriber<T> implements UniSubscriber<T> {

    final List<Object> answers = new CopyOnWriteArrayList<>();
    private volatile UniSubscription subscription;

    @Override
    public void onSubscribe(UniSubscription subscription) {
        this.subscription = subscription;
    }

    @Override
    public void onItem(T item) {
        answers.add(item);
    }

    @Override
    public void onFailure(Throwable failure) {
        answers.add(failure);
    }

    void cancel() {
        subscription.cancel();
    }
}
