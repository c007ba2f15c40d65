package io.quarkiverse.knitting.engine;

import java.util.List;
import java.util.stream.Collectors;

/** Looks up live threads by name, for the thread-hygiene assertions. */
final class Threads {

    private Threads() {
    }

    /** Live threads whose name starts with {@code knitting-<pool>-}, abandoned ones left out. */
    static List<String> liveKnittingThreads(String pool) {
        String prefix = "knitting-" + pool + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix) && !name.contains("-abandoned-"))
                .sorted()
                .collect(Collectors.toList());
    }
}
