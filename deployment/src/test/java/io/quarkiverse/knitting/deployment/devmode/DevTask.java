package io.quarkiverse.knitting.deployment.devmode;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

public class DevTask {

    @Task
    public Uni<String> version() {
        return Uni.createFrom().item("v1 on " + Thread.currentThread().getName());
    }
}
