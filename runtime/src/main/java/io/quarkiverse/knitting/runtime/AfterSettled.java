package io.quarkiverse.knitting.runtime;

import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;

/**
 * A call's {@code Uni} that runs {@code settled} once the engine has settled the call: before its answer goes on, and,
 * when the caller cancels, after the cancel has reached the engine, so that a lane cannot start the call in between
 * and run it as if nobody had cancelled. {@code settled} gets the call's failure (null: an item or a cancel).
 */
final class AfterSettled<T> extends SettlementUni<T> {

    private final Consumer<Throwable> settled;

    AfterSettled(Uni<T> call, Consumer<Throwable> settled) {
        super(call);
        this.settled = settled;
    }

    @Override
    void settled(Throwable failure) {
        settled.accept(failure);
    }

    @Override
    void cancelled() {
        settled.accept(null);
    }
}
