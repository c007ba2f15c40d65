package org.acme.guide;

// tag::abort-imports[]
import java.util.concurrent.CancellationException;

import io.quarkiverse.knitting.AbortSignal;
import io.quarkiverse.knitting.Task;
// end::abort-imports[]
import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guide.GuideTypes.Batch;
import org.acme.guide.GuideTypes.Item;
import org.acme.guide.GuideTypes.Score;

import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class Scoring {

    // tag::abort[]
    @Task(timeoutMs = 2_000, abortable = true)
    public Uni<Score> score(Batch batch) {
        AbortSignal signal = AbortSignal.current(); // <1>
        Score score = new Score();
        for (Item item : batch.items()) {
            if (signal.hasAborted()) {
                throw new CancellationException("scoring aborted"); // <2>
            }
            score.add(item);
        }
        return Uni.createFrom().item(score);
    }
    // end::abort[]
}
