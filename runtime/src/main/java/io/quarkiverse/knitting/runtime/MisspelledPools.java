package io.quarkiverse.knitting.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds pool names that look misspelled: a task's pool that has no configuration while a configured pool with a
 * nearly equal name is used by no task and no injection point. Either may be meant (a configured pool looked up
 * programmatically is fine, and so is a task pool with the defaults), so the startup warns rather than fails.
 */
final class MisspelledPools {

    private MisspelledPools() {
    }

    /**
     * One warning per unconfigured task pool with a look-alike among the unused configured pools.
     *
     * @param configured the pools configured under {@code knitting."<name>".*}
     * @param firstTaskOfPool each pool a task runs in, with the first such task's name
     * @param injected the pools injected by name
     */
    static List<String> warnings(Set<String> configured, Map<String, String> firstTaskOfPool, Set<String> injected) {
        Set<String> unused = new TreeSet<>(configured);
        unused.removeAll(firstTaskOfPool.keySet());
        unused.removeAll(injected);
        unused.remove(KnittingConfig.DEFAULT_POOL);
        List<String> warnings = new ArrayList<>();
        firstTaskOfPool.forEach((pool, task) -> {
            if (KnittingConfig.DEFAULT_POOL.equals(pool) || configured.contains(pool)) {
                return;
            }
            for (String candidate : unused) {
                if (alike(pool, candidate)) {
                    warnings.add(String.format("Knitting pool '%s' of %s has no configuration and runs with the "
                            + "defaults, while pool '%s' is configured (knitting.\"%s\".*) but no @Task method or "
                            + "injection point uses it: did you mean @Task(pool = \"%s\")?", pool, task, candidate,
                            candidate, candidate));
                }
            }
        });
        return warnings;
    }

    /**
     * Equal but for case, or, for names of five characters or more, one edit apart (a letter added, dropped, changed,
     * or two neighbours swapped). Names that differ only in their digits are a numbered family ({@code shard-1},
     * {@code shard-2}), not a typo; short names ({@code cpu}, {@code gpu}) are too close to one another to tell.
     */
    static boolean alike(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        if (Math.min(a.length(), b.length()) < 5 || withoutDigits(a).equals(withoutDigits(b))) {
            return false;
        }
        return Math.abs(a.length() - b.length()) <= 1 && editDistance(a, b) <= 1;
    }

    private static String withoutDigits(String name) {
        return name.replaceAll("[0-9]", "");
    }

    /** Insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
