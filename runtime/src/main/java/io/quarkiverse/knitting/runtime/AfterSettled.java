package io.quarkiverse.knitting.runtime;

import io.smallrye.mutiny.Uni;

/**
 * A call's {@code Uni} that runs {@code settled} once the engine has settled the call: before its answer goes on, and,
 * when the caller cancels, after the cancel has reached the engine, so that a lane cannot start the call in between
 * and run it as if nobody had cancelled. {@code settled} must not throw.
 */
final class AfterSettled<T> extends SettlementUni<T> {

    private final Runnable settled;

    AfterSettled(Uni<T> call, Runnable settled) {
        super(call);
        this.settled = settled;
    }

    @Override
    void settled(Throwable failure) {
        settled.run();
    }

    @Override
    void cancelled() {
        settled.run();
    }
}
