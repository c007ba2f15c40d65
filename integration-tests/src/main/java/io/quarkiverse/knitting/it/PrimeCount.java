package io.quarkiverse.knitting.it;

/**
 * How many primes lie below {@code limit}, the lane that counted them ({@code thread}) and the thread the endpoint
 * received the result on ({@code answeredOn}: the request's event loop).
 */
public record PrimeCount(int limit, int count, String thread, String answeredOn) {

    PrimeCount answeredHere() {
        return new PrimeCount(limit, count, thread, Thread.currentThread().getName());
    }
}
