package kotlin.coroutines;

/**
 * Stands in for the Kotlin standard library's interface in {@code KotlinSuspendTaskTest}: a Kotlin
 * {@code suspend fun} compiles to a method whose last parameter has this type, and the build only looks at its name.
 */
public interface Continuation<T> {
}
