package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Every @Task method the interceptor would not see fails the build, one problem each, naming the method and why:
 * otherwise it would run synchronously on its caller (an event loop included).
 */
class UninterceptedTaskMethodsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Shape.class, Square.class, Base.class, Concrete.class,
                    Parent.class, Child.class, Greeter.class, PlainGreeter.class, LoudGreeter.class, Vetoed_.class,
                    Worker.class, WorkerFactory.class))
            .assertException(failure -> assertThat(BuildProblems.of(failure)).containsExactlyInAnyOrder(
                    Shape.class.getName() + "#area() is declared in an interface (a default method), where it is not "
                            + "intercepted: put @Task on the implementing bean's method",
                    Shape.class.getName() + "#perimeter() is declared in an interface (an abstract method), where it "
                            + "is not intercepted: put @Task on the implementing bean's method",
                    Base.class.getName() + "#compute() is abstract: put @Task on the bean class's implementation",
                    Child.class.getName() + "#work() overrides the @Task method " + Parent.class.getName()
                            + "#work() without repeating @Task, so calls of the bean " + Child.class.getName()
                            + " run on their caller: repeat @Task on the override",
                    LoudGreeter.class.getName() + "#greet() is in a decorator, whose methods are not intercepted: a "
                            + "@Task method must be a method of a bean class, where the interceptor sees it",
                    Vetoed_.class.getName() + "#hidden() is not intercepted: " + Vetoed_.class.getName() + " is not "
                            + "a bean class (vetoed, excluded, or not in a bean archive); a @Task method must be a "
                            + "method of a bean class, where the interceptor sees it",
                    WorkerFactory.class.getName() + "#produce() produces " + Worker.class.getName() + ", whose @Task "
                            + "methods are not intercepted on produced instances (a producer's result gets no "
                            + "interceptors): inject the " + Worker.class.getSimpleName()
                            + " bean instead of producing it"));

    interface Shape {
        @Task
        default Uni<String> area() {
            return Uni.createFrom().item("area");
        }

        @Task
        Uni<String> perimeter();
    }

    @ApplicationScoped
    static class Square implements Shape {
        @Override
        public Uni<String> perimeter() {
            return Uni.createFrom().item("perimeter");
        }
    }

    abstract static class Base {
        @Task
        abstract Uni<String> compute();
    }

    @ApplicationScoped
    static class Concrete extends Base {
        @Override
        Uni<String> compute() {
            return Uni.createFrom().item("computed");
        }
    }

    @ApplicationScoped
    static class Parent {
        @Task
        Uni<String> work() {
            return Uni.createFrom().item("parent");
        }
    }

    @ApplicationScoped
    static class Child extends Parent {
        @Override
        Uni<String> work() {
            return Uni.createFrom().item("child, on the caller");
        }
    }

    interface Greeter {
        Uni<String> greet();
    }

    @ApplicationScoped
    static class PlainGreeter implements Greeter {
        @Override
        public Uni<String> greet() {
            return Uni.createFrom().item("hello");
        }
    }

    @Decorator
    @Priority(1)
    @Dependent
    static class LoudGreeter implements Greeter {
        @Inject
        @Delegate
        Greeter delegate;

        @Task
        @Override
        public Uni<String> greet() {
            return delegate.greet().map(String::toUpperCase);
        }
    }

    @Vetoed
    static class Vetoed_ {
        @Task
        Uni<String> hidden() {
            return Uni.createFrom().item("hidden");
        }
    }

    static class Worker {
        @Task
        Uni<String> run() {
            return Uni.createFrom().item("ran");
        }
    }

    @ApplicationScoped
    static class WorkerFactory {
        @Produces
        @Dependent
        Worker produce() {
            return new Worker();
        }
    }

    @Test
    void theBuildFails() {
        // the assertion is in assertException
    }
}
