package io.quarkiverse.knitting.engine;

/**
 * An argument that is a wrapper (an intercepted invocation, say): the payload guard measures what {@link #payload()}
 * returns instead of the wrapper itself.
 */
public interface PayloadCarrier {

    Object payload();
}
