package io.quarkiverse.knitting.runtime;

import java.util.List;

import io.quarkiverse.knitting.OnTimeout;

/**
 * A {@code @Task} method as the build found it (bean class, method, binding values after annotation transformations),
 * recorded so that the runtime registers every task at startup. A JavaBean because the bytecode recorder rebuilds it
 * through its setters.
 */
public final class TaskDefinition {

    private String beanClass;
    private List<String> reachedThrough = List.of();
    private String declaringClass;
    private String methodName;
    private List<String> parameterTypes;
    private String pool;
    private long timeoutMs;
    private OnTimeout onTimeout;
    private boolean abortable;
    private long queueTimeoutMs = -1;
    private int maxConcurrency = -1;

    public String getBeanClass() {
        return beanClass;
    }

    public void setBeanClass(String beanClass) {
        this.beanClass = beanClass;
    }

    /** Every bean class whose calls of the method are intercepted: more than one when beans inherit it. */
    public List<String> getReachedThrough() {
        return reachedThrough;
    }

    public void setReachedThrough(List<String> reachedThrough) {
        this.reachedThrough = reachedThrough;
    }

    public String getDeclaringClass() {
        return declaringClass;
    }

    public void setDeclaringClass(String declaringClass) {
        this.declaringClass = declaringClass;
    }

    public String getMethodName() {
        return methodName;
    }

    public void setMethodName(String methodName) {
        this.methodName = methodName;
    }

    /** Binary names ({@code int}, {@code [B}, {@code com.acme.Doc}), as {@code Class.forName} and primitives read them. */
    public List<String> getParameterTypes() {
        return parameterTypes;
    }

    public void setParameterTypes(List<String> parameterTypes) {
        this.parameterTypes = parameterTypes;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public long getTimeoutMs() {
        return timeoutMs;
    }

    public void setTimeoutMs(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public OnTimeout getOnTimeout() {
        return onTimeout;
    }

    public void setOnTimeout(OnTimeout onTimeout) {
        this.onTimeout = onTimeout;
    }

    public boolean isAbortable() {
        return abortable;
    }

    public void setAbortable(boolean abortable) {
        this.abortable = abortable;
    }

    public long getQueueTimeoutMs() {
        return queueTimeoutMs;
    }

    public void setQueueTimeoutMs(long queueTimeoutMs) {
        this.queueTimeoutMs = queueTimeoutMs;
    }

    public int getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }
}
