package io.quarkiverse.knitting.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls of one pool waiting for their argument to resolve. Exactly one of the argument's arrival, the caller's cancel
 * and the pool's shutdown takes a call out, and that one decides what becomes of it.
 */
final class PendingArguments {

    private final Set<PendingArgument<?, ?>> calls = ConcurrentHashMap.newKeySet();

    /** Adds a call; refuses it at once (as a closed pool does) when the pool is already closed. */
    void add(PendingArgument<?, ?> pending, boolean closed) {
        calls.add(pending);
        if (closed && calls.remove(pending)) {
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
