package io.quarkiverse.knitting.it;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** Counts the words of one text on the default pool: the inner task of {@link WordTotals}. */
@ApplicationScoped
public class WordCount {

    @Task
    public Uni<Integer> count(String text) {
        String trimmed = text.strip();
        return Uni.createFrom().item(trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length);
    }
}
