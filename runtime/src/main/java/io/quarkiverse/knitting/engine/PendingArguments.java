package io.quarkiverse.knitting.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Calls of one pool waiting for their argument to resolve. Exactly one of the argument's arrival, the caller's cancel
 * and the pool's shutdown takes a call out, and that one decides what becomes of it.
 */
final class PendingArguments {

    private final Set<PendingArgument<?, ?>> calls = ConcurrentHashMap.newKeySet();

    /**
     * Adds a call; refuses it at once (as a closed pool does) when the pool is closed. The pool's state is read after
     * the add: a shutdown that began before it either is seen here or finds the call in {@link #closeAll}.
     */
    void add(PendingArgument<?, ?> pending, BooleanSupplier closed) {
        calls.add(pending);
        if (closed.getAsBoolean() && calls.remove(pending)) {
            pending.closed();
        }
    }

    /** True when the call was still waiting here: the caller now decides what becomes of it. */
    boolean take(PendingArgument<?, ?> pending) {
        return calls.remove(pending);
    }

    /** The pool shut down: every call still waiting is refused as on a closed pool. */
    void closeAll() {
        for (PendingArgument<?, ?> pending : calls) {
            if (calls.remove(pending)) {
                pending.closed();
            }
        }
    }
}
