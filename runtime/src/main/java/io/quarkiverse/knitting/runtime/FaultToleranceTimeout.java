package io.quarkiverse.knitting.runtime;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Reads MicroProfile Fault Tolerance's {@code @Timeout} on a {@code @Task} method (or its class), when Fault
 * Tolerance is present. When it fires, Fault Tolerance fails the caller's {@code Uni} but never cancels the
 * dispatch, so the extension gives the dispatch a cancel deadline of the same length, measured from the dispatch
 * (which comes after Fault Tolerance started its clock, so Fault Tolerance always answers first): the call is then
 * cancelled, never answered twice; its {@code AbortSignal} turns aborted and a call still queued never runs. Only
 * the annotation is read; a timeout changed through MicroProfile Config applies to the caller but not here.
 */
final class FaultToleranceTimeout {

    private static final String TIMEOUT = "org.eclipse.microprofile.faulttolerance.Timeout";

    private FaultToleranceTimeout() {
    }

    /** The timeout in milliseconds, or -1 when the method has none. */
    static long of(Method method) {
        Class<? extends Annotation> timeout = timeoutAnnotation(method.getDeclaringClass().getClassLoader());
        if (timeout == null) {
            return -1;
        }
        Annotation annotation = method.getAnnotation(timeout);
        if (annotation == null) {
            annotation = method.getDeclaringClass().getAnnotation(timeout);
        }
        if (annotation == null) {
            return -1;
        }
        try {
            long value = (long) timeout.getMethod("value").invoke(annotation);
            ChronoUnit unit = (ChronoUnit) timeout.getMethod("unit").invoke(annotation);
            return Duration.of(value, unit).toMillis();
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> timeoutAnnotation(ClassLoader loader) {
        try {
            return (Class<? extends Annotation>) Class.forName(TIMEOUT, false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }
}
