package io.quarkiverse.knitting.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

/** Soft timeouts ({@code @Task(timeoutMs = ...)}) seen over HTTP. */
@Path("/timeouts")
@Produces(MediaType.APPLICATION_JSON)
public class TimeoutResource {

    private final SlowWork work;

    TimeoutResource(SlowWork work) {
        this.work = work;
    }

    /** Works {@code workMs}; past the soft timeout: 504 with code {@code KNT_TIMEOUT}. */
    @GET
    @Path("/fail")
    public Uni<LaneName> fail(@RestQuery long workMs) {
        return work.workWithDeadline(workMs);
    }

    /** How many {@code /timeouts/fail} bodies saw their soft timeout abort them. */
    @GET
    @Path("/fail/aborted")
    public AbortResource.AbortedRuns failAborted() {
        return new AbortResource.AbortedRuns(work.abortedDeadlineRuns());
    }

    /**
     * Works {@code workMs}; past the soft timeout the call completes with {@code null} ({@code OnTimeout.NULL}),
     * which Quarkus REST answers as 204 No Content: "no result", distinct from an error.
     */
    @GET
    @Path("/null")
    public Uni<LaneName> orNull(@RestQuery long workMs) {
        return work.workOrNothing(workMs);
    }
}
