package io.quarkiverse.knitting.benchmarks.http;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** {@link HashWork} as a {@code @Task} of the default pool: the body runs on a {@code knitting-default-*} lane. */
@ApplicationScoped
public class TaskWork {

    @Task
    public Uni<String> answer() {
        return Uni.createFrom().item(HashWork.answer());
    }
}
