package io.quarkiverse.knitting;

/**
 * The body of a task registered on a {@link KnittingPool}; it runs on a lane.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface TaskFunction<A, R> {

    R apply(A argument) throws Exception;
}
