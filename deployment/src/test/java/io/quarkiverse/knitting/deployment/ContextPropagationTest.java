package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
            .withApplicationRoot(jar -> jar.addClasses(Tenant.class, TenantContextProvider.class, RequestValue.class,
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

    static class Probe {
        @Inject
        RequestValue data;

        @Task
        Uni<String> look() {
            return Uni.createFrom().item(Thread.currentThread().getName() + " sees tenant " + Tenant.CURRENT.get()
                    + " and request " + RequestValue.seenBy(data));
        }
    }

    @Inject
    Probe probe;

    @Inject
    RequestValue data;

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
                        + Tenant.CURRENT.get() + " and request " + RequestValue.seenBy(data));
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
