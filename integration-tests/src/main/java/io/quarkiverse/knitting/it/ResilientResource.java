package io.quarkiverse.knitting.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

/** SmallRye Fault Tolerance composed with {@code @Task}, seen over HTTP. */
@Path("/resilient")
@Produces(MediaType.APPLICATION_JSON)
public class ResilientResource {

    /** Whether the body called with {@code key} saw its abort. */
    public record AbortSeen(String key, boolean aborted) {
    }

    private final ResilientWork work;

    ResilientResource(ResilientWork work) {
        this.work = work;
    }

    /** {@code @Retry}: the first {@code failures} attempts fail, each one a dispatch of its own. */
    @GET
    @Path("/retry/{key}")
    public Uni<Attempts> retry(@RestPath String key, @RestQuery int failures) {
        return work.succeedAfter(key, failures);
    }

    /** {@code @Timeout}: the call is cancelled after the FT timeout (504, {@code FT_TIMEOUT}). */
    @GET
    @Path("/timeout/{key}")
    public Uni<LaneName> timeout(@RestPath String key) {
        return work.runUntilAborted(key);
    }

    @GET
    @Path("/aborted/{key}")
    public AbortSeen aborted(@RestPath String key) {
        return new AbortSeen(key, work.sawAbort(key));
    }

    /** {@code @Fallback}: work past the task's soft timeout is answered with the fallback's default value. */
    @GET
    @Path("/estimate")
    public Uni<Estimate> estimate(@RestQuery long workMs) {
        return work.estimate(workMs);
    }
}
