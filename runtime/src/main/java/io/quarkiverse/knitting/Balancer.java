package io.quarkiverse.knitting;

import java.util.Locale;

/** How a call picks a lane. The balancer is bypassed when the pool has a single lane. */
public enum Balancer {
    /** Rotate through the lanes. */
    ROUND_ROBIN("round-robin", "roundRobin"),
    /** The JavaScript library's legacy alias of {@link #ROUND_ROBIN}. */
    ROBIN_ROUND("robin-round", "robinRound"),
    /** The first lane with an empty queue and no running call, else round-robin. */
    FIRST_IDLE("first-idle", "firstIdle"),
    /** A random lane. */
    RANDOM_LANE("random-lane", "randomLane"),
    /** The first idle lane, else a random one. */
    FIRST_IDLE_OR_RANDOM("first-idle-or-random", "firstIdleOrRandom");

    /** What configuration accepts, as error messages say it. */
    public static final String ALLOWED = "round-robin, robin-round, first-idle, random-lane or first-idle-or-random "
            + "(or the JavaScript spellings roundRobin, robinRound, firstIdle, randomLane, firstIdleOrRandom)";

    private final String kebabName;
    private final String jsName;

    Balancer(String kebabName, String jsName) {
        this.kebabName = kebabName;
        this.jsName = jsName;
    }

    /** The configuration spelling, e.g. {@code first-idle}. */
    public String kebabName() {
        return kebabName;
    }

    /** The strategy this one runs as: {@link #ROBIN_ROUND} runs as {@link #ROUND_ROBIN}. */
    public Balancer canonical() {
        return this == ROBIN_ROUND ? ROUND_ROBIN : this;
    }

    /**
     * Reads a strategy in kebab-case ({@code first-idle}), the JavaScript spelling ({@code firstIdle}) or the
     * constant name ({@code FIRST_IDLE}).
     *
     * @throws IllegalArgumentException naming the value and the allowed spellings
     */
    public static Balancer parse(String value) {
        if (value != null) {
            String trimmed = value.trim();
            for (Balancer balancer : values()) {
                if (balancer.kebabName.equals(trimmed) || balancer.jsName.equals(trimmed)
                        || balancer.name().equals(trimmed.toUpperCase(Locale.ROOT))) {
                    return balancer;
                }
            }
        }
        throw new IllegalArgumentException("Invalid balancer '" + value + "': allowed is " + ALLOWED);
    }
}
