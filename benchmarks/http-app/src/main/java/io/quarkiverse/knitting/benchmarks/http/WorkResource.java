package io.quarkiverse.knitting.benchmarks.http;

import java.util.Arrays;
import java.util.Locale;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The same {@link HashWork} behind one endpoint per place it can run. Each answers {@code <digest> <thread>}, the
 * thread being the one that ran the work. The virtual-thread endpoint is {@link VirtualThreadResource}.
 */
@Path("/work")
@Produces(MediaType.TEXT_PLAIN)
public class WorkResource {

    private final TaskWork task;

    WorkResource(TaskWork task) {
        this.task = task;
    }

    /** The baseline: the work runs on the request's event loop, which serves nothing else meanwhile. */
    @GET
    @Path("/event-loop")
    @NonBlocking
    public String eventLoop() {
        return HashWork.answer();
    }

    /** On the Quarkus worker pool, the classic {@code @Blocking} endpoint. */
    @GET
    @Path("/blocking")
    @Blocking
    public String blocking() {
        return HashWork.answer();
    }

    /** Starts on the event loop, moves to the Quarkus worker pool with {@code emitOn}, works there. */
    @GET
    @Path("/emit-on")
    public Uni<String> emitOn() {
        return Uni.createFrom().voidItem()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(ignored -> HashWork.answer());
    }

    /** Starts on the event loop, calls a {@code @Task}; the answer comes back on the request's event-loop context. */
    @GET
    @Path("/task")
    public Uni<String> task() {
        return task.answer();
    }

    /**
     * Times {@code runs} back-to-back runs of the work on this worker thread:
     * {@code {"runs":…,"mean_us":…,"p50_us":…,"p99_us":…,"thread":"…"}}.
     */
    @GET
    @Path("/calibrate")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public String calibrate(@RestQuery @DefaultValue("2000") int runs) {
        if (runs < 1 || runs > 1_000_000) {
            throw new BadRequestException("runs must be between 1 and 1000000, got " + runs);
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            HashWork.hash();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        return String.format(Locale.ROOT, "{\"runs\":%d,\"mean_us\":%.2f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"thread\":\"%s\"}",
                runs, mean / 1e3, nanos[runs / 2] / 1e3, nanos[(int) (runs * 0.99)] / 1e3,
                Thread.currentThread().getName());
    }
}
