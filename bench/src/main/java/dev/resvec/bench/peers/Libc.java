package dev.resvec.bench.peers;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The one libc call the peers need: {@code setenv}, so that a native library opened afterwards in this process
 * reads a variable (OpenBLAS's {@code OPENBLAS_CORETYPE} and thread count) that the JVM was not started with —
 * {@link System#getenv()} is read-only in Java.
 */
public final class Libc {
    private Libc() {}

    /**
     * {@code setenv(name, value, 1)} in this process's C environment.
     *
     * @throws IllegalStateException when libc has no {@code setenv} or it fails
     */
    public static void setenv(String name, String value) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("setenv")
                .orElseThrow(() -> new IllegalStateException("libc has no setenv"));
        MethodHandle setenv = linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            if (rc != 0) {
                throw new IllegalStateException("setenv(" + name + ") returned " + rc);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setenv(" + name + ") failed", t);
        }
    }
}
