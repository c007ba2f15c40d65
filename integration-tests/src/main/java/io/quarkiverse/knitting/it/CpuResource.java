package io.quarkiverse.knitting.it;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

/**
 * CPU-bound endpoints. They return a {@code Uni}, so Quarkus REST runs them on the event loop; the work itself runs
 * on a lane of the default pool and the answer comes back on the request's event-loop context.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CpuResource {

    /** Keeps one request's sieve to a few MiB. */
    static final int MAX_LIMIT = 20_000_000;

    private final CpuWork work;

    CpuResource(CpuWork work) {
        this.work = work;
    }

    /** The number of primes below {@code limit}, the lane that counted them and the thread that got the result. */
    @GET
    @Path("/primes/{limit}")
    public Uni<PrimeCount> primes(@RestPath int limit) {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 0 and " + MAX_LIMIT + ", got " + limit);
        }
        return work.countPrimes(limit).map(PrimeCount::answeredHere);
    }

    /** The SHA-256 of the request body, in lower-case hex. */
    @POST
    @Path("/hash")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Digest> hash(byte[] body) {
        return work.sha256(body);
    }
}
