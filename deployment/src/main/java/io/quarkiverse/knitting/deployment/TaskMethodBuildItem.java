package io.quarkiverse.knitting.deployment;

import java.util.List;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;

import io.quarkus.builder.item.MultiBuildItem;

/**
 * A {@code @Task} method of a class bean, as the bean's interceptor sees it: declared in the bean class or inherited
 * from a superclass, with its {@code @Task} binding (transformations applied) and the pool that runs it.
 */
public final class TaskMethodBuildItem extends MultiBuildItem {

    private final DotName beanClass;
    private final MethodInfo method;
    private final AnnotationInstance binding;
    private final String pool;
    /** Every bean class whose calls of the method are intercepted: several when beans inherit it. */
    private final List<DotName> reachedThrough;

    public TaskMethodBuildItem(DotName beanClass, MethodInfo method, AnnotationInstance binding, String pool,
            List<DotName> reachedThrough) {
        this.beanClass = beanClass;
        this.method = method;
        this.binding = binding;
        this.pool = pool;
        this.reachedThrough = List.copyOf(reachedThrough);
    }

    /** The class of the bean whose calls of this method are intercepted. */
    public DotName beanClass() {
        return beanClass;
    }

    /** Every bean class whose calls of the method are intercepted, {@link #beanClass()} among them. */
    public List<DotName> reachedThrough() {
        return reachedThrough;
    }

    public MethodInfo method() {
        return method;
    }

    /** The {@code @Task} annotation of the method, as the bean index has it after transformations. */
    public AnnotationInstance binding() {
        return binding;
    }

    /** The pool name; {@code default} for {@code @Task(pool = "")}. */
    public String pool() {
        return pool;
    }

    /** {@code com.acme.Hasher#sha256(byte[])}, as messages name it. */
    public String describe() {
        return describe(method);
    }

    static String describe(MethodInfo method) {
        StringBuilder name = new StringBuilder(method.declaringClass().name().toString()).append('#')
                .append(method.name()).append('(');
        for (int i = 0; i < method.parametersCount(); i++) {
            name.append(i == 0 ? "" : ", ").append(method.parameterType(i).name().withoutPackagePrefix());
        }
        return name.append(')').toString();
    }
}
