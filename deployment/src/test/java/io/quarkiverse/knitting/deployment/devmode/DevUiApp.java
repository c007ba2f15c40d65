package io.quarkiverse.knitting.deployment.devmode;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/** The application the Dev UI test opens: a task that holds its lane until released, so a lane shows a running call. */
@Path("/devui")
public class DevUiApp {

    static final CountDownLatch release = new CountDownLatch(1);
    static final CountDownLatch holding = new CountDownLatch(1);

    @Inject
    Hashing hashing;

    @GET
    @Path("/hold")
    public String hold() throws InterruptedException {
        hashing.holdLane().subscribe().with(item -> {
        }, failure -> {
        });
        return String.valueOf(holding.await(10, TimeUnit.SECONDS));
    }

    @GET
    @Path("/release")
    public String release() {
        release.countDown();
        return "released";
    }

    public static class Hashing {

        @Task(pool = "crunch", timeoutMs = 60_000)
        Uni<String> holdLane() throws InterruptedException {
            holding.countDown();
            release.await(60, TimeUnit.SECONDS);
            return Uni.createFrom().item("done");
        }

        @Task
        Uni<Integer> digest(String input) {
            return Uni.createFrom().item(input.hashCode());
        }
    }
}
