package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.peers.GemmPeer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM peer computes row-major C = A·B on an odd shape (the calling conventions are right), or says clearly
 * why it cannot run here. The native ones (OpenBLAS, netlib's JNI) run in this JVM only once, so each is created once.
 */
class GemmPeerTest {
    static final int M = 17, K = 23, N = 19;

    static void check(GemmPeer peer, float[] a, float[] b) {
        peer.run();
        GemmCheck.verify(peer.describe(), M, K, N, a, b, peer.result());
    }

    @Test
    void javaPeersComputeTheProduct() {
        Random r = new Random(3);
        float[] a = GemmBenchmark.randomMatrix(r, M * K), b = GemmBenchmark.randomMatrix(r, K * N);
        check(GemmPeer.create("ejml", "auto", 1, M, K, N, a, b), a, b);
        check(GemmPeer.create("ejml-mt", "auto", 2, M, K, N, a, b), a, b);
        GemmPeer vector = GemmPeer.create("netlib-vectorblas", "auto", 1, M, K, N, a, b);
        assertEquals("netlib VectorBLAS", vector.describe());
        check(vector, a, b);
    }

    @Test
    void netlibJavaRefusesAJvmWithTheVectorApi() {
        float[] a = new float[M * K], b = new float[K * N];
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GemmPeer.create("netlib-java", "auto", 1, M, K, N, a, b));
        assertTrue(e.getMessage().contains("without --add-modules jdk.incubator.vector"), e.getMessage());
    }

    @Test
    void nativePeersComputeTheProductOrSayWhyNot() {
        Random r = new Random(4);
        float[] a = GemmBenchmark.randomMatrix(r, M * K), b = GemmBenchmark.randomMatrix(r, K * N);
        for (String name : new String[] {"openblas", "netlib-jni"}) {
            GemmPeer peer;
            try {
                peer = GemmPeer.create(name, "auto", 1, M, K, N, a, b);
            } catch (IllegalStateException | UnsatisfiedLinkError | IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                assertTrue(m.contains("OpenBLAS") || m.contains("libblas") || m.contains("native"), name + ": " + m);
                continue;
            }
            check(peer, a, b);
        }
    }

    @Test
    void badRequestsAreRefused() {
        float[] a = new float[M * K], b = new float[K * N];
        assertThrows(IllegalArgumentException.class, () -> GemmPeer.create("mkl", "auto", 1, M, K, N, a, b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmPeer.create("ejml", "auto", 2, M, K, N, a, b));
        assertTrue(e.getMessage().contains("single-threaded"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GemmPeer.create("ejml-mt", "auto", 0, M, K, N, a, b));
    }
}
