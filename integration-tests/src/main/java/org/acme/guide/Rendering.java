package org.acme.guide;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guide.GuideTypes.Data;
import org.acme.guide.GuideTypes.Report;
import org.acme.guide.GuideTypes.Template;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class Rendering {

    // tag::uni-parameters[]
    @Task
    public Uni<Report> render(Uni<Template> template, CompletionStage<Data> data) {
        // both are complete here: reading them does not block the lane
        Report report = template.await().indefinitely().fill(data.toCompletableFuture().join());
        return Uni.createFrom().item(report);
    }
    // end::uni-parameters[]
}
