package io.quarkiverse.knitting.deployment.devmode;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

public class DevTask {

    @Task
    public Uni<String> version() {
        return Uni.createFrom().item("v1 on " + Thread.currentThread().getName());
    }

    /** Runs on the inline lane: called from an endpoint on the event loop, in that event loop's batch. */
    @Task(pool = "inline")
    public Uni<String> inline() {
        return Uni.createFrom().item(Thread.currentThread().getName());
    }
}
