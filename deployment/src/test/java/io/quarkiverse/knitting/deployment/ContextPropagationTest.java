package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A caller off Vert.x hands its contexts to the body through SmallRye Context Propagation: every registered
 * ThreadContextProvider (here a tenant kept in a thread local, as OpenTelemetry or a transaction would be), and the
 * request context, on the lane and on the inline lane alike.
 */
class ContextPropagationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Tenant.class, TenantContextProvider.class, RequestData.class,
                    Probe.class)
                    .addAsServiceProvider(ThreadContextProvider.class, TenantContextProvider.class));

    /** Some library's thread-bound state. */
    public static final class Tenant {
        static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    }

    /** How that library takes part in Context Propagation. */
    public static final class TenantContextProvider implements ThreadContextProvider {
        @Override
        public ThreadContextSnapshot currentContext(Map<String, String> props) {
            String captured = Tenant.CURRENT.get();
            return () -> {
                String before = Tenant.CURRENT.get();
                Tenant.CURRENT.set(captured);
                return (ThreadContextController) () -> Tenant.CURRENT.set(before);
            };
        }

        @Override
        public ThreadContextSnapshot clearedContext(Map<String, String> props) {
            return () -> {
                String before = Tenant.CURRENT.get();
                Tenant.CURRENT.remove();
                return (ThreadContextController) () -> Tenant.CURRENT.set(before);
            };
        }

        @Override
        public String getThreadContextType() {
            return "Tenant";
        }
    }

    /** Read and written through methods: a field of a client proxy is the proxy's own, shared by every request. */
    @RequestScoped
    static class RequestData {
        private String value = "unset";

        String value() {
            return value;
        }

        /** The value in the request context active here, if one is. */
        static String seenBy(RequestData data) {
            return Arc.container().requestContext().isActive() ? data.value() : "no request context";
        }

        void set(String value) {
            this.value = value;
        }
    }

    static class Probe {
        @Inject
        RequestData data;

        @Task
        Uni<String> look() {
            return Uni.createFrom().item(Thread.currentThread().getName() + " sees tenant " + Tenant.CURRENT.get()
                    + " and request " + RequestData.seenBy(data));
        }
    }

    @Inject
    Probe probe;

    @Inject
    RequestData data;

    @Test
    void aPlainThreadsContextsReachTheBody() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            Tenant.CURRENT.set("acme");
            try {
                data.set("from the caller");
                seen.complete(probe.look().await().atMost(WAIT) + "; after the call the caller still has tenant "
                        + Tenant.CURRENT.get() + " and request " + RequestData.seenBy(data));
            } catch (Throwable failure) {
                seen.completeExceptionally(failure);
            } finally {
                Tenant.CURRENT.remove();
                requestContext.terminate();
            }
        }, "plain-caller");
        caller.start();

        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("knitting-default-0 sees tenant acme and request from the "
                + "caller; after the call the caller still has tenant acme and request from the caller");
    }
}
