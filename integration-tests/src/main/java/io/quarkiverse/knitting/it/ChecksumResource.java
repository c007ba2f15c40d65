package io.quarkiverse.knitting.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

/** The CRC-32 of a path segment, computed on a lane. */
@Path("/checksum")
@Produces(MediaType.TEXT_PLAIN)
public class ChecksumResource {

    private final Checksums checksums;

    ChecksumResource(Checksums checksums) {
        this.checksums = checksums;
    }

    @GET
    @Path("/{text}")
    public Uni<String> crc32(@RestPath String text) {
        return checksums.crc32(text).map(Long::toHexString);
    }
}
