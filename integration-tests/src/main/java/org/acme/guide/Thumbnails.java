package org.acme.guide;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guide.GuideTypes.Image;
import org.acme.guide.GuideTypes.Thumbnail;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class Thumbnails {

    // tag::max-concurrency[]
    @Task(maxConcurrency = 2, queueTimeoutMs = 500)
    Uni<Thumbnail> render(Image image) {
        return Uni.createFrom().item(Thumbnail.of(image));
    }
    // end::max-concurrency[]
}
