package io.quarkiverse.knitting.benchmarks.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * {@link HashWork} on a virtual thread, one per request. Compiled only when the module is built on JDK 21+ (see the
 * pom): Quarkus fails the build of a {@code @RunOnVirtualThread} endpoint on JDK 17 or with Java 17 bytecode.
 */
@Path("/work")
@Produces(MediaType.TEXT_PLAIN)
public class VirtualThreadResource {

    @GET
    @Path("/virtual-thread")
    @RunOnVirtualThread
    public String virtualThread() {
        return HashWork.answer();
    }
}
