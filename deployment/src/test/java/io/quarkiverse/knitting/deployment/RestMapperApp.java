package io.quarkiverse.knitting.deployment;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/**
 * The application the HTTP-mapping tests share: tasks on the default pool (run with {@code knitting.max-queued=1})
 * and endpoints that call them. Each test's application has its own class loader, so the latches are its own.
 */
final class RestMapperApp {

    private RestMapperApp() {
    }

    /** The classes to add to a test application. */
    static final Class<?>[] CLASSES = { Work.class, Endpoints.class };

    static class Work {
        static final CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch holding = new CountDownLatch(1);

        @Task
        Uni<String> hold() throws InterruptedException {
            holding.countDown();
            release.await();
            return Uni.createFrom().item("held");
        }

        @Task
        Uni<String> echo(String text) {
            return Uni.createFrom().item(text);
        }

        @Task(timeoutMs = 50)
        Uni<String> slow() {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Uni.createFrom().item("late");
        }

        /** One call running, one waiting: with max-queued=1 the next call is rejected. */
        void fillTheBound() throws InterruptedException {
            hold().subscribe().with(item -> {
            });
            holding.await(10, TimeUnit.SECONDS);
            echo("fills the bound").subscribe().with(item -> {
            });
        }
    }

    @Path("/work")
    public static class Endpoints {
        @Inject
        Work work;

        @GET
        @Path("/echo/{text}")
        public Uni<String> echo(@PathParam("text") String text) {
            return work.echo(text);
        }

        @GET
        @Path("/slow")
        public Uni<String> slow() {
            return work.slow();
        }
    }
}
