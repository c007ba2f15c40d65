package io.quarkiverse.knitting.it;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** One trivial task per named pool, to show which lane runs it and how the pool's configuration shapes the call. */
@ApplicationScoped
public class PoolProbes {

    /** Pool {@code fast} has two lanes: successive calls alternate between them (round-robin). */
    @Task(pool = "fast")
    public Uni<LaneName> onFast() {
        return Uni.createFrom().item(LaneName.current());
    }

    /** Pool {@code guarded} has a hard timeout; this quick call shows the pool still answers after a runaway. */
    @Task(pool = "guarded")
    public Uni<LaneName> onGuarded() {
        return Uni.createFrom().item(LaneName.current());
    }

    /** Pool {@code closing} is shut down by a test; afterwards this call fails with {@code PoolClosedException}. */
    @Task(pool = "closing")
    public Uni<LaneName> onClosing() {
        return Uni.createFrom().item(LaneName.current());
    }

    /**
     * Pool {@code small} admits at most 1024 bytes of binary/text values per call: a larger {@code body} fails with
     * {@code PayloadTooLargeException} before it is queued, so this body never sees it.
     */
    @Task(pool = "small")
    public Uni<Received> onSmall(byte[] body) {
        return Uni.createFrom().item(new Received(body.length, Thread.currentThread().getName()));
    }
}
