package io.quarkiverse.knitting.it;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

/** Cooperative abort: callers that give up, and the pool's limit on abortable calls in flight. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AbortResource {

    /** How many runs saw their abort. */
    public record AbortedRuns(int aborted) {
    }

    private final AbortableWork work;

    AbortResource(AbortableWork work) {
        this.work = work;
    }

    /**
     * Calls a body that runs until aborted, and gives up after {@code budgetMs}: Mutiny's timeout cancels the
     * subscription, which aborts the call (504, {@code CALLER_TIMEOUT}); the body sees it and counts it.
     */
    @GET
    @Path("/abortable/spin")
    public Uni<LaneName> spin(@RestQuery long budgetMs) {
        return work.spinUntilAborted().ifNoItem().after(Duration.ofMillis(budgetMs)).fail();
    }

    @GET
    @Path("/abortable/aborted")
    public AbortedRuns aborted() {
        return new AbortedRuns(work.abortedRuns());
    }

    /** Holds pool {@code gate}'s only abort slot until {@code POST /gate/release}; a second holder gets 503. */
    @GET
    @Path("/gate/hold")
    public Uni<LaneName> hold() {
        return work.holdAbortSlot();
    }

    @POST
    @Path("/gate/release")
    public void release() {
        work.releaseSlot();
    }
}
