/**
 * JMH benchmarks comparing the knitting pool with its peers; run with {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package io.quarkiverse.knitting.benchmarks;
