package io.quarkiverse.knitting.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/** The hard timeout of pool {@code guarded} seen over HTTP. */
@Path("/guarded")
@Produces(MediaType.APPLICATION_JSON)
public class RunawayResource {

    private final Runaway runaway;

    RunawayResource(Runaway runaway) {
        this.runaway = runaway;
    }

    /**
     * Starts a call that never ends by itself: after {@code worker.hard-timeout-ms} the watchdog fails it (504,
     * {@code KNT_HARD_TIMEOUT}), abandons its thread and restarts the pool's workers (policy {@code restart}).
     */
    @GET
    @Path("/runaway")
    public Uni<LaneName> runaway() {
        return runaway.runForever();
    }

    /** Lets every abandoned runaway thread end. */
    @POST
    @Path("/release")
    public void release() {
        runaway.releaseAll();
    }
}
