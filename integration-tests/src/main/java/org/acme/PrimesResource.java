// tag::resource[]
package org.acme;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.smallrye.mutiny.Uni;

// tag::readme[]
@Path("/prime-count")
public class PrimesResource {

    @Inject
    Primes primes;

    @GET
    @Path("/{limit}")
    public Uni<Integer> count(@PathParam("limit") int limit) {
        return primes.countBelow(limit);
    }
}
// end::readme[]
// end::resource[]
