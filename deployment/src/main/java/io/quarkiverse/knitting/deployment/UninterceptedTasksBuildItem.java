package io.quarkiverse.knitting.deployment;

import java.util.List;

import io.quarkus.builder.item.SimpleBuildItem;

/**
 * The {@code @Task} methods that no interceptor will see, each as {@code Class#method(...) <why and what to do>}:
 * found when bean discovery finishes, while every bean (unused ones included) is still there, and reported by the
 * validation.
 */
public final class UninterceptedTasksBuildItem extends SimpleBuildItem {

    private final List<String> problems;

    public UninterceptedTasksBuildItem(List<String> problems) {
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
