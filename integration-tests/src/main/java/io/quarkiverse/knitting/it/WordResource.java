package io.quarkiverse.knitting.it;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;

/** Word totals over the texts given as {@code text} query parameters, composed of one task per text. */
@Path("/words")
public class WordResource {

    private final WordTotals totals;

    WordResource(WordTotals totals) {
        this.totals = totals;
    }

    @GET
    @Path("/total")
    public Uni<Integer> total(@QueryParam("text") List<String> texts) {
        return totals.total(texts);
    }

    @GET
    @Path("/total-one-by-one")
    public Uni<Integer> totalOneByOne(@QueryParam("text") List<String> texts) {
        return totals.totalOneByOne(texts);
    }
}
