package io.quarkiverse.knitting.runtime;

/** Whether an optional integration's classes are there, asked without loading them. */
final class OnClassPath {

    private OnClassPath() {
    }

    static boolean has(String className) {
        try {
            Class.forName(className, false, OnClassPath.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
