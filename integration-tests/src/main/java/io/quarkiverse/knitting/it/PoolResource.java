package io.quarkiverse.knitting.it;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/** The application's pools, injected by name: their counters, and the shutdown of pool {@code closing}. */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    private final Map<String, KnittingPool> pools;
    private final KnittingPool closing;

    PoolResource(KnittingPool defaultPool,
            @Identifier("fast") KnittingPool fast,
            @Identifier("slow") KnittingPool slow,
            @Identifier("guarded") KnittingPool guarded,
            @Identifier("closing") KnittingPool closing,
            @Identifier("small") KnittingPool small,
            @Identifier("gate") KnittingPool gate) {
        this.pools = Map.of(defaultPool.name(), defaultPool, fast.name(), fast, slow.name(), slow,
                guarded.name(), guarded, closing.name(), closing, small.name(), small, gate.name(), gate);
        this.closing = closing;
    }

    /** A snapshot of the pool's counters: lanes, generation, submitted, completed, failed, abandoned threads... */
    @GET
    @Path("/{name}/stats")
    public PoolStats stats(@RestPath String name) {
        KnittingPool pool = pools.get(name);
        if (pool == null) {
            throw new NotFoundException("No pool named '" + name + "'; known are " + pools.keySet());
        }
        return pool.stats();
    }

    /** Shuts pool {@code closing} down; answers 204 once its worker threads have stopped. */
    @POST
    @Path("/closing/shutdown")
    public Uni<Void> shutDownClosing() {
        return closing.shutdown();
    }
}
