package io.quarkiverse.knitting.runtime;

import io.quarkiverse.knitting.ExitBlockedException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} become in classes that declare
 * {@code @Task} methods (the build rewrites those calls). Under {@code knitting.permission=strict} they throw, which
 * fails the task's call; under {@code unsafe} they exit as written.
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

    /** Whether an exit from the current thread would be blocked: the permission of its pool (or the default's). */
    public static boolean blocksExit() {
        if (Arc.container() == null) {
            return true; // not started or already stopped: stay on the safe side
        }
        try (InstanceHandle<PoolRegistry> pools = Arc.container().instance(PoolRegistry.class)) {
            return !pools.isAvailable() || pools.get().currentPermission() == KnittingConfig.PermissionMode.STRICT;
        }
    }
}
