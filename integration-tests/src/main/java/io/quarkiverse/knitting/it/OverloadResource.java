package io.quarkiverse.knitting.it;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

/** {@code GET /busy/{millis}}: a request that holds the "busy" pool's one lane; beyond its bound, 503. */
@Path("/busy")
public class OverloadResource {

    private final OverloadWork work;

    OverloadResource(OverloadWork work) {
        this.work = work;
    }

    @GET
    @Path("/{millis}")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> render(@RestPath int millis) throws InterruptedException {
        if (millis < 0 || millis > 1_000) {
            throw new BadRequestException("millis must be between 0 and 1000, got " + millis);
        }
        return work.render(millis);
    }
}
