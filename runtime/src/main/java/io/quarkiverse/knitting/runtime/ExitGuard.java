package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.ExitBlockedException;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} become in classes that declare
 * {@code @Task} methods (the build rewrites those calls). Made by a task (on a lane, or inline on the caller's side)
 * of a pool whose {@code permission} is {@code strict}, they throw, which fails the task's call; under
 * {@code unsafe}, and anywhere outside a task (a main method, a startup observer), they exit as written.
 */
public final class ExitGuard {

    private ExitGuard() {
    }

    public static void exit(int status) {
        check("System.exit", status);
        System.exit(status);
    }

    public static void runtimeExit(Runtime runtime, int status) {
        check("Runtime.exit", status);
        runtime.exit(status);
    }

    public static void runtimeHalt(Runtime runtime, int status) {
        check("Runtime.halt", status);
        runtime.halt(status);
    }

    private static void check(String call, int status) {
        if (blocksExit()) {
            throw new ExitBlockedException(call + "(" + status + ") was blocked: knitting.permission=strict does "
                    + "not let code in a class with @Task methods stop the JVM (set it to unsafe to allow it)");
        }
    }

    /** Whether an exit from the current thread would be blocked: only inside a task of a strict pool. */
    public static boolean blocksExit() {
        if (Pool.ofCurrentTask() == null) {
            return false; // not a task: the guard is not asked
        }
        if (Arc.container() == null) {
            return true; // a task of a pool the container no longer knows: stay on the safe side
        }
        try (InstanceHandle<PoolRegistry> pools = Arc.container().instance(PoolRegistry.class)) {
            return !pools.isAvailable()
                    || pools.get().currentTaskPermission() != KnittingConfig.PermissionMode.UNSAFE;
        }
    }
}
