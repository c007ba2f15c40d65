package io.quarkiverse.knitting.runtime;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.smallrye.faulttolerance.FaultToleranceOperationProvider;
import io.smallrye.faulttolerance.config.FaultToleranceOperation;

/**
 * The Fault Tolerance {@code @Timeout} that applies to a {@code @Task} method, as Fault Tolerance itself sees it:
 * from its own operation metadata, so the annotation on the method or the bean class, MicroProfile Config overrides
 * ({@code <class>/<method>/Timeout/value}) and the enable switches ({@code Timeout/enabled},
 * {@code MP_Fault_Tolerance_NonFallback_Enabled}) all count.
 * <p>
 * When it fires, Fault Tolerance fails the caller's {@code Uni} but never cancels the dispatch, so the extension
 * gives the dispatch a cancel deadline of the same length, measured from the dispatch (which comes after Fault
 * Tolerance started its clock, so Fault Tolerance answers first): the call's {@code AbortSignal} turns aborted, a call
 * still queued never runs, and its late answer is ignored. Only {@link Present} touches Fault Tolerance classes; it is
 * loaded only when they are on the class path.
 */
final class FaultToleranceTimeout {

    private static final boolean PRESENT =
            OnClassPath.has("io.smallrye.faulttolerance.FaultToleranceOperationProvider");

    private FaultToleranceTimeout() {
    }

    /** The timeout in milliseconds, or -1 when none applies (no Fault Tolerance, no {@code @Timeout}, disabled). */
    static long of(Class<?> beanClass, Method method) {
        return PRESENT ? Present.timeoutMs(beanClass, method) : -1;
    }

    /**
     * The dispatch's cancel deadline for that timeout, or -1: a little later than the timeout itself (10 %, at least
     * 50 ms), so that Fault Tolerance's own timer normally answers first. When that timer runs later still (a busy
     * machine), the caller gets the same {@code TimeoutException} from {@link #timeoutException}.
     */
    static long cancelDeadlineOf(Class<?> beanClass, Method method) {
        long timeoutMs = of(beanClass, method);
        return timeoutMs < 0 ? -1 : timeoutMs + Math.max(50, timeoutMs / 10);
    }

    /**
     * Fault Tolerance's {@code TimeoutException} for a call its cancel deadline gave up: the answer the caller gets
     * when that deadline fires before Fault Tolerance's timer, which on a busy machine may run late.
     */
    static Throwable timeoutException(Throwable cancelled) {
        return Present.timeoutException(cancelled);
    }

    /**
     * Why {@code method}, one task inherited by {@code beans}, cannot have one cancel deadline: their timeouts differ
     * (a class-level {@code @Timeout} on some of them). Null when they agree.
     */
    static String disagreement(Method method, List<Class<?>> beans) {
        if (beans.size() < 2) {
            return null;
        }
        long first = of(beans.get(0), method);
        if (beans.stream().allMatch(bean -> of(bean, method) == first)) {
            return null;
        }
        StringJoiner timeouts = new StringJoiner(", ", "(", ")");
        beans.stream().sorted(Comparator.comparing(Class::getName)).forEach(bean -> {
            long timeoutMs = of(bean, method);
            timeouts.add(bean.getName() + ": " + (timeoutMs < 0 ? "none" : timeoutMs + " ms"));
        });
        return "The @Task method " + TaskMethod.name(method) + " is inherited by beans whose Fault Tolerance @Timeout "
                + "differ " + timeouts + ", but it is one task, which cancels its calls at one deadline: put the "
                + "@Timeout on the method itself, or override the method in each bean and repeat @Task there";
    }

    private static final class Present {

        static long timeoutMs(Class<?> beanClass, Method method) {
            try (InstanceHandle<FaultToleranceOperationProvider> provider = Arc.container()
                    .instance(FaultToleranceOperationProvider.class)) {
                if (!provider.isAvailable()) {
                    return -1; // the library without the Quarkus extension: no Fault Tolerance interceptor either
                }
                FaultToleranceOperation operation = provider.get().get(beanClass, method);
                if (operation == null || !operation.hasTimeout()) {
                    return -1;
                }
                Timeout timeout = operation.getTimeout();
                return Duration.of(timeout.value(), timeout.unit()).toMillis();
            }
        }

        static Throwable timeoutException(Throwable cancelled) {
            return new TimeoutException(cancelled.getMessage(), cancelled);
        }
    }
}
