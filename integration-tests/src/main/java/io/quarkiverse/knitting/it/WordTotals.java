package io.quarkiverse.knitting.it;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/**
 * Tasks that call another task of their own pool, the default one, which has a single lane: both shapes of
 * composing tasks, neither of which can deadlock.
 */
@ApplicationScoped
public class WordTotals {

    private final WordCount words;

    WordTotals(WordCount words) {
        this.words = words;
    }

    // tag::composing[]
    /** Returns the inner calls' combined {@code Uni}; the call completes when they do. */
    @Task
    public Uni<Integer> total(List<String> texts) {
        List<Uni<Integer>> counts = new ArrayList<>();
        for (String text : texts) {
            counts.add(words.count(text));
        }
        if (counts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.join().all(counts).andFailFast()
                .map(each -> each.stream().mapToInt(Integer::intValue).sum());
    }

    /** Waits for each inner call inside the body: a call a body makes to its own pool runs in place. */
    @Task
    public Uni<Integer> totalOneByOne(List<String> texts) {
        int total = 0;
        for (String text : texts) {
            total += words.count(text).await().indefinitely();
        }
        return Uni.createFrom().item(total);
    }
    // end::composing[]
}
