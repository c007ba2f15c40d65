package io.quarkiverse.knitting.deployment.devmode;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

    @GET
    @Path("/inline")
    public Uni<String> inline() {
        return task.inline();
    }

    /**
     * Which application class loaders (one per dev-mode generation, numbered from 0 in the order they registered) are
     * still reachable after garbage collection, as a comma-separated list. Each generation registers its own, weakly,
     * in a list every generation shares (a system property: the JDK's class loader holds it).
     */
    @GET
    @Path("/loaders")
    @SuppressWarnings("unchecked")
    public String reachableLoaders() throws InterruptedException {
        List<WeakReference<ClassLoader>> loaders = (List<WeakReference<ClassLoader>>) System.getProperties()
                .computeIfAbsent("knitting-dev-mode-test.loaders", key -> new CopyOnWriteArrayList<>());
        ClassLoader mine = DevResource.class.getClassLoader();
        if (loaders.stream().noneMatch(loader -> loader.get() == mine)) {
            loaders.add(new WeakReference<>(mine));
        }
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return IntStream.range(0, loaders.size()).filter(i -> loaders.get(i).get() != null)
                .mapToObj(String::valueOf).collect(Collectors.joining(","));
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
