package io.quarkiverse.knitting;

/** A pool option with a value outside what is allowed; the message names the key, the value and what is allowed. */
public final class InvalidOptionException extends IllegalArgumentException {

    private final String key;
    private final String value;
    private final String allowed;

    public InvalidOptionException(String pool, String key, Object value, String allowed) {
        super("Invalid knitting option " + key + "=" + value + " for pool '" + pool + "': allowed is " + allowed);
        this.key = key;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /** The key relative to the pool, e.g. {@code worker.timers.park-ms}. */
    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }
}
