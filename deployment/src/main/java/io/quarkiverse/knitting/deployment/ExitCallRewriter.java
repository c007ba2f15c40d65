package io.quarkiverse.knitting.deployment;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.quarkus.gizmo.Gizmo;

/**
 * Rewrites {@code System.exit(int)}, {@code Runtime.exit(int)} and {@code Runtime.halt(int)} calls into the matching
 * {@code ExitGuard} calls. The guard's static methods take the same operands ({@code Runtime} receiver first), so
 * the stack is unchanged.
 */
final class ExitCallRewriter extends ClassVisitor {

    static final String GUARD = "io/quarkiverse/knitting/runtime/ExitGuard";

    ExitCallRewriter(ClassVisitor next) {
        super(Gizmo.ASM_API_VERSION, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        return new MethodVisitor(Gizmo.ASM_API_VERSION, next) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && "java/lang/System".equals(owner) && "exit".equals(method)
                        && "(I)V".equals(desc)) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(I)V", false);
                } else if (opcode == Opcodes.INVOKEVIRTUAL && "java/lang/Runtime".equals(owner) && "(I)V".equals(desc)
                        && ("exit".equals(method) || "halt".equals(method))) {
                    String guard = "exit".equals(method) ? "runtimeExit" : "runtimeHalt";
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, guard, "(Ljava/lang/Runtime;I)V", false);
                } else {
                    super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                }
            }
        };
    }
}
