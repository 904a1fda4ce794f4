package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.internal.ElementwiseKernels;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The benchmark's own split into chunks covers every element exactly once, whatever the size and thread count. */
class ElementwiseBenchmarkTest {
    /** A plain add, standing in for the kernels (the real ones are tested in the kernels module). */
    private static ElementwiseKernels plainAdd(int[] calls) {
        return (ElementwiseKernels) Proxy.newProxyInstance(ElementwiseKernels.class.getClassLoader(),
                new Class<?>[] {ElementwiseKernels.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("add")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    int n = (int) args[0];
                    float[] a = (float[]) args[1], b = (float[]) args[3], out = (float[]) args[5];
                    int offA = (int) args[2], offB = (int) args[4], offOut = (int) args[6];
                    for (int i = 0; i < n; i++) {
                        out[offOut + i] = a[offA + i] + b[offB + i];
                    }
                    synchronized (calls) {
                        calls[0]++;
                    }
                    return null;
                });
    }

    @Test
    void everyElementIsAddedOnce() {
        for (int bytes : new int[] {4, 60, 4096, 4100, 65536 + 12}) {
            for (int threads : new int[] {1, 2, 3}) {
                int[] calls = {0};
                ElementwiseBenchmark bench = new ElementwiseBenchmark();
                bench.bytes = bytes;
                bench.threads = threads;
                bench.setup(plainAdd(calls));
                float[] out = bench.addOutOfPlace();
                float[] a = bench.addInPlace(); // a += b
                for (int i = 0; i < bytes / 4; i++) {
                    assertEquals(out[i], a[i], "bytes " + bytes + ", threads " + threads + ", element " + i);
                }
                assertEquals(true, calls[0] >= 2 && calls[0] <= 2 * threads, "calls " + calls[0]);
            }
        }
    }
}
