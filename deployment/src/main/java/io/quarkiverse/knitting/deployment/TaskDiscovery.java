package io.quarkiverse.knitting.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.knitting.runtime.KnittingConfig;
import io.quarkus.arc.deployment.TransformedAnnotationsBuildItem;
import io.quarkus.arc.processor.BeanInfo;

/**
 * Which {@code @Task} methods the interceptor will see, and which it will not. A method is intercepted when it is a
 * method of a class bean: declared in the bean class, or inherited from a superclass without being overridden. Every
 * other {@code @Task} annotation in the index is a method that would run synchronously on its caller, so the build
 * reports it, with the reason.
 */
final class TaskDiscovery {

    private static final DotName OBJECT = DotName.createSimple(Object.class);
    private static final DotName ALTERNATIVE = DotName.createSimple("jakarta.enterprise.inject.Alternative");
    private static final DotName DECORATOR = DotName.createSimple("jakarta.decorator.Decorator");
    private static final DotName INTERCEPTOR = DotName.createSimple("jakarta.interceptor.Interceptor");
    private static final DotName INTERCEPTION_PROXY = DotName.createSimple("io.quarkus.arc.InterceptionProxy");

    private final IndexView index;
    private final TransformedAnnotationsBuildItem annotations;

    TaskDiscovery(IndexView index, TransformedAnnotationsBuildItem annotations) {
        this.index = index;
        this.annotations = annotations;
    }

    /** The {@code @Task} methods of every class bean, walking each bean class up to {@code Object}. */
    List<TaskMethodBuildItem> tasksOf(List<BeanInfo> classBeans) {
        Set<DotName> beanClasses = new HashSet<>();
        for (BeanInfo bean : classBeans) {
            beanClasses.add(bean.getBeanClass());
        }
        // a method inherited by several beans is one task, registered under the class that declares it when that
        // class is a bean itself, else under the first bean found; every bean that reaches it is recorded, so the
        // startup can check that their Fault Tolerance timeouts agree
        Map<String, Found> taken = new LinkedHashMap<>();
        for (BeanInfo bean : classBeans) {
            if (bean.isInterceptor() || bean.isDecorator()) {
                continue;
            }
            Set<String> declaredBelow = new HashSet<>();
            for (ClassInfo type = bean.getImplClazz(); type != null; type = superclass(type)) {
                for (MethodInfo method : type.methods()) {
                    if (isConstructorOrInitializer(method) || method.isSynthetic()
                            || !declaredBelow.add(signature(method))) {
                        continue; // an override lower in the hierarchy decides for this one
                    }
                    AnnotationInstance task = annotations.getAnnotation(method, KnittingProcessor.TASK);
                    if (task == null) {
                        continue;
                    }
                    DotName declaring = method.declaringClass().name();
                    taken.computeIfAbsent(key(method), ignored -> new Found(beanClasses.contains(declaring)
                            ? declaring : bean.getBeanClass(), method, task)).reachedThrough().add(bean.getBeanClass());
                }
            }
        }
        List<TaskMethodBuildItem> tasks = new ArrayList<>();
        for (Found found : taken.values()) {
            tasks.add(new TaskMethodBuildItem(found.beanClass(), found.method(), found.task(), poolOf(found.task()),
                    List.copyOf(found.reachedThrough())));
        }
        return tasks;
    }

    /** A task method as discovery finds it, with every bean that reaches it so far. */
    private record Found(DotName beanClass, MethodInfo method, AnnotationInstance task,
            Set<DotName> reachedThrough) {
        Found(DotName beanClass, MethodInfo method, AnnotationInstance task) {
            this(beanClass, method, task, new LinkedHashSet<>());
        }
    }

    /**
     * The {@code @Task} methods in the index that no bean's interceptor will see, each with the reason, in a stable
     * order. Methods of classes that are disabled alternatives are left out: they are not in use, and not an error.
     */
    Map<String, String> notIntercepted(List<TaskMethodBuildItem> tasks, List<BeanInfo> classBeans) {
        Set<String> intercepted = new HashSet<>();
        for (TaskMethodBuildItem task : tasks) {
            intercepted.add(key(task.method()));
        }
        Map<String, String> problems = new TreeMap<>();
        for (AnnotationInstance task : index.getAnnotations(KnittingProcessor.TASK)) {
            if (task.target().kind() != AnnotationTarget.Kind.METHOD) {
                continue;
            }
            MethodInfo method = task.target().asMethod();
            if (!intercepted.contains(key(method))) {
                String reason = reason(method, classBeans);
                if (reason != null) {
                    problems.put(TaskMethodBuildItem.describe(method), reason);
                }
            }
        }
        return problems;
    }

    /**
     * {@code @Task} methods of a bean's supertypes that the bean class (or a class between) overrides without
     * repeating {@code @Task}: the bean's calls of them are not intercepted. Keyed by the override.
     */
    Map<String, String> overriddenWithoutTask(List<BeanInfo> classBeans) {
        Map<String, String> problems = new TreeMap<>();
        for (BeanInfo bean : classBeans) {
            Map<String, MethodInfo> lowest = new HashMap<>();
            for (ClassInfo type = bean.getImplClazz(); type != null; type = superclass(type)) {
                for (MethodInfo method : type.methods()) {
                    if (isConstructorOrInitializer(method) || method.isSynthetic()) {
                        continue;
                    }
                    MethodInfo override = lowest.putIfAbsent(signature(method), method);
                    if (override != null && !Modifier.isAbstract(method.flags()) // reported as abstract already
                            && annotations.getAnnotation(method, KnittingProcessor.TASK) != null
                            && annotations.getAnnotation(override, KnittingProcessor.TASK) == null) {
                        problems.put(TaskMethodBuildItem.describe(override), "overrides the @Task method "
                                + TaskMethodBuildItem.describe(method) + " without repeating @Task, so calls of the "
                                + "bean " + bean.getBeanClass() + " run on their caller: repeat @Task on the override");
                    }
                }
            }
        }
        return problems;
    }

    private String reason(MethodInfo method, List<BeanInfo> classBeans) {
        ClassInfo declaring = method.declaringClass();
        String allowed = "a @Task method must be a method of a bean class, where the interceptor sees it";
        if (declaring.isInterface() || Modifier.isAbstract(method.flags())) {
            if (everyImplementationIsATask(method, classBeans)) {
                return null; // the beans repeat @Task on their implementations, which are intercepted
            }
            return declaring.isInterface()
                    ? "is declared in an interface (" + (method.isDefault() ? "a default method" : "an abstract method")
                            + "), where it is not intercepted: put @Task on the implementing bean's method"
                    : "is abstract: put @Task on the bean class's implementation";
        }
        if (declaring.hasDeclaredAnnotation(DECORATOR) || declaring.hasDeclaredAnnotation(INTERCEPTOR)) {
            return "is in a " + (declaring.hasDeclaredAnnotation(DECORATOR) ? "decorator" : "interceptor")
                    + ", whose methods are not intercepted: " + allowed;
        }
        for (BeanInfo bean : classBeans) {
            if (overrideIn(bean.getImplClazz(), method) != null) {
                return null; // reported at the override, by overriddenWithoutTask
            }
        }
        if (declaring.hasDeclaredAnnotation(ALTERNATIVE)) {
            return null; // a disabled alternative: not in use
        }
        return "is not intercepted: " + declaring.name() + " is not a bean class (vetoed, excluded, or not in a "
                + "bean archive); " + allowed;
    }

    /**
     * Whether some bean implements {@code method} (an interface or abstract method) and every bean that does carries
     * {@code @Task} on its implementation.
     */
    private boolean everyImplementationIsATask(MethodInfo method, List<BeanInfo> classBeans) {
        boolean implemented = false;
        for (BeanInfo bean : classBeans) {
            for (ClassInfo type = bean.getImplClazz(); type != null; type = superclass(type)) {
                MethodInfo implementation = type.method(method.name(), method.parameterTypes().toArray(Type[]::new));
                if (implementation != null && !Modifier.isAbstract(implementation.flags())) {
                    if (annotations.getAnnotation(implementation, KnittingProcessor.TASK) == null) {
                        return false;
                    }
                    implemented = true;
                    break;
                }
            }
        }
        return implemented;
    }

    /** {@code Sub#method(...)} when a class between {@code beanClass} and the method's class overrides it. */
    private String overrideIn(ClassInfo beanClass, MethodInfo method) {
        boolean inHierarchy = false;
        for (ClassInfo type = beanClass; type != null; type = superclass(type)) {
            if (type.name().equals(method.declaringClass().name())) {
                inHierarchy = true;
                break;
            }
        }
        if (!inHierarchy) {
            return null;
        }
        for (ClassInfo type = beanClass; type != null && !type.name().equals(method.declaringClass().name());
                type = superclass(type)) {
            MethodInfo override = type.method(method.name(), method.parameterTypes().toArray(Type[]::new));
            if (override != null) {
                return TaskMethodBuildItem.describe(override);
            }
        }
        return null;
    }

    /** Producer beans whose instances are of a class with {@code @Task} methods: those instances are not intercepted. */
    static Map<String, String> producedWithoutInterception(List<TaskMethodBuildItem> tasks, List<BeanInfo> producers) {
        Set<DotName> taskClasses = new HashSet<>();
        for (TaskMethodBuildItem task : tasks) {
            taskClasses.add(task.beanClass());
        }
        Map<String, String> problems = new TreeMap<>();
        for (BeanInfo producer : producers) {
            DotName produced = producer.getTarget().map(TaskDiscovery::producedType).orElse(null);
            if (produced != null && taskClasses.contains(produced)
                    && !producer.getTarget().map(target -> handsOnAnInterceptedInstance(target, produced))
                            .orElse(false)) {
                String where = producer.getTarget().map(TaskDiscovery::describeTarget).orElse("a producer");
                problems.put(where, "produces " + produced + ", whose @Task methods are not intercepted on "
                        + "produced instances (a producer's result gets no interceptors): inject the "
                        + simpleName(produced) + " bean instead of producing it");
            }
        }
        return problems;
    }

    private static String simpleName(DotName type) {
        String name = type.toString();
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }

    /**
     * A producer method that takes an instance of the produced class (the injected, intercepted bean it returns) or an
     * {@code InterceptionProxy} (which intercepts what it produces) hands on intercepted instances.
     */
    private static boolean handsOnAnInterceptedInstance(AnnotationTarget target, DotName produced) {
        if (target.kind() != AnnotationTarget.Kind.METHOD) {
            return false;
        }
        for (Type parameter : target.asMethod().parameterTypes()) {
            if (parameter.name().equals(produced) || parameter.name().equals(INTERCEPTION_PROXY)) {
                return true;
            }
        }
        return false;
    }

    private static DotName producedType(AnnotationTarget target) {
        return target.kind() == AnnotationTarget.Kind.METHOD ? target.asMethod().returnType().name()
                : target.asField().type().name();
    }

    private static String describeTarget(AnnotationTarget target) {
        if (target.kind() == AnnotationTarget.Kind.METHOD) {
            return TaskMethodBuildItem.describe(target.asMethod());
        }
        return target.asField().declaringClass().name() + "#" + target.asField().name();
    }

    private ClassInfo superclass(ClassInfo type) {
        DotName superName = type.superName();
        return superName == null || superName.equals(OBJECT) ? null : index.getClassByName(superName);
    }

    private static boolean isConstructorOrInitializer(MethodInfo method) {
        return method.name().startsWith("<");
    }

    private static String signature(MethodInfo method) {
        StringBuilder signature = new StringBuilder(method.name()).append('(');
        for (Type parameter : method.parameterTypes()) {
            signature.append(parameter.name()).append(';');
        }
        return signature.append(')').toString();
    }

    static String key(MethodInfo method) {
        return method.declaringClass().name() + "#" + signature(method);
    }

    static String poolOf(AnnotationInstance task) {
        AnnotationValue pool = task.value("pool");
        return pool == null || pool.asString().isEmpty() ? KnittingConfig.DEFAULT_POOL : pool.asString();
    }
}
