package io.quarkiverse.knitting.deployment;

import org.jboss.jandex.MethodInfo;

import io.quarkus.builder.item.MultiBuildItem;

/** A method annotated {@code @Task}, found in the application index, with the pool that runs it. */
public final class TaskMethodBuildItem extends MultiBuildItem {

    private final MethodInfo method;
    private final String pool;

    public TaskMethodBuildItem(MethodInfo method, String pool) {
        this.method = method;
        this.pool = pool;
    }

    public MethodInfo method() {
        return method;
    }

    /** The pool name; {@code default} for {@code @Task(pool = "")}. */
    public String pool() {
        return pool;
    }

    /** {@code com.acme.Hasher#sha256(byte[])}, as messages name it. */
    public String describe() {
        StringBuilder name = new StringBuilder(method.declaringClass().name().toString()).append('#')
                .append(method.name()).append('(');
        for (int i = 0; i < method.parametersCount(); i++) {
            name.append(i == 0 ? "" : ", ").append(method.parameterType(i).name().withoutPackagePrefix());
        }
        return name.append(')').toString();
    }
}
