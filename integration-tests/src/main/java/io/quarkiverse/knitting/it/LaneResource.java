package io.quarkiverse.knitting.it;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

/** Calls on the named pools: which lane answers, and what a pool's configuration does to a call. */
@Path("/lanes")
@Produces(MediaType.APPLICATION_JSON)
public class LaneResource {

    private final PoolProbes probes;

    LaneResource(PoolProbes probes) {
        this.probes = probes;
    }

    /** The lane of a trivial call on pool {@code fast}, {@code guarded} or {@code closing}. */
    @GET
    @Path("/{pool}")
    public Uni<LaneName> lane(@RestPath String pool) {
        return switch (pool) {
            case "fast" -> probes.onFast();
            case "guarded" -> probes.onGuarded();
            case "closing" -> probes.onClosing(); // 503 once POST /pools/closing/shutdown has run
            default -> throw new NotFoundException("No probe for pool '" + pool + "'");
        };
    }

    /** Sends the body to pool {@code small}, which admits at most 1024 bytes per call: larger bodies get 413. */
    @POST
    @Path("/small")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Received> small(byte[] body) {
        return probes.onSmall(body);
    }
}
