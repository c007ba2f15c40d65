package io.quarkiverse.knitting.it;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** A slow task on the small "busy" pool, for the overload demo: more requests than it can serve are rejected. */
@ApplicationScoped
public class OverloadWork {

    /** Holds its lane for {@code millis}, as a long computation would. */
    @Task(pool = "busy")
    public Uni<String> render(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return Uni.createFrom().item("rendered in " + millis + " ms");
    }
}
