package io.quarkiverse.knitting.deployment.devmode;

import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;

@Path("/dev")
public class DevResource {

    @Inject
    DevTask task;

    @GET
    public Uni<String> version() {
        return task.version();
    }

    /** The live knitting-* threads of this JVM: every application generation's, not only the current one's. */
    @GET
    @Path("/threads")
    public String threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("knitting-"))
                .sorted()
                .collect(Collectors.joining(","));
    }
}
