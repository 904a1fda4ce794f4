package dev.resvec.kernels.vector;

import dev.resvec.kernels.internal.ProviderSettings;
import dev.resvec.kernels.internal.VmFlags;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species and constants every vector kernel uses, {@code static final} so that C2 folds them (a species held
 * anywhere else makes vector code allocate and run in Java). One setting for the whole JVM, as in mukel/llama3.java:
 * the preferred species, or {@code -Dresvec.vectorBits=128|256|512} where the CPU has at least that width.
 */
public final class VectorConfig {
    private VectorConfig() {}

    /** Widest float species the CPU accelerates. */
    static final int PREFERRED_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    /**
     * The float species of every vector kernel, and the only one: no kernel uses a narrower or wider float species
     * beside it (half-width work uses this species with a mask). The Vector API's shared methods
     * ({@code FloatVector.intoArray}, {@code add}, …) call the species' own class through a receiver type profile
     * wherever C2 inlines them before it knows the vector's class, and that profile is the JVM's, not the caller's:
     * once a second species ran there, a kernel recompiled (after an uncommon trap) sometimes took the other class
     * from the profile, failed to intrinsify, and boxed every vector from then on — seen as a 128×28×28 Winograd
     * forward taking 6 ms instead of 1, allocating 1.9 MB per call, in about a third of the JVMs that had also run
     * 256-bit copies next to 512-bit kernels ({@code -XX:+PrintInlining}: "callee changed to Float256Vector").
     */
    public static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(chosenBits()));
    /** Float lanes per vector. */
    public static final int VL = F.length();
    /** Whether kernels use fused multiply-add: only where HotSpot has hardware FMA (else it is emulated, slowly). */
    public static final boolean FMA = VmFlags.useFma();

    /** Rotations by half, a quarter, an eighth and a sixteenth of the lanes, for {@link #sumLanes}. */
    private static final VectorShuffle<Float> ROTATE_2 = VectorShuffle.iota(F, VL / 2, 1, true);
    private static final VectorShuffle<Float> ROTATE_4 = VectorShuffle.iota(F, Math.max(1, VL / 4), 1, true);
    private static final VectorShuffle<Float> ROTATE_8 = VectorShuffle.iota(F, Math.max(1, VL / 8), 1, true);
    private static final VectorShuffle<Float> ROTATE_16 = VectorShuffle.iota(F, Math.max(1, VL / 16), 1, true);

    /**
     * The sum of a vector's lanes in a fixed tree: log2(VL) rounds, each adding the vector rotated by half the
     * remaining width (lane 0 ends as {@code ((v0 + v8) + (v4 + v12)) + …} on 16 lanes). {@code reduceLanes(ADD)}
     * leaves the order of a float sum unspecified, and in practice the interpreted fallback (sequential) and C2's
     * intrinsic (a tree) round differently, so one JVM returned two results for the same data before and after
     * compilation; lane-wise adds and rotations round the same in every mode. Sums feed batch norm statistics and
     * bias gradients, whose results must not change from call to call or with the thread count. A tree rather than
     * lane order: batch norm sums every 8×8 plane of a CIFAR ResNet's last stage on its own, and adding 16 lanes
     * one at a time took 3% of a training step (Zen 5, 2 threads).
     *
     * @param v the vector
     * @return the lanes' sum, always rounded the same way
     */
    public static float sumLanes(FloatVector v) {
        v = v.add(v.rearrange(ROTATE_2));
        if (VL >= 4) {
            v = v.add(v.rearrange(ROTATE_4));
        }
        if (VL >= 8) {
            v = v.add(v.rearrange(ROTATE_8));
        }
        if (VL >= 16) {
            v = v.add(v.rearrange(ROTATE_16));
        }
        float sum = v.lane(0);
        for (int i = 1; i < VL / 16; i++) {   // wider than 512 bits (SVE): the first VL/16 lanes hold the parts
            sum += v.lane(i);
        }
        return sum;
    }

    /** @return the forced width, validated ({@link ProviderSettings}), or the preferred one */
    static int chosenBits() {
        return ProviderSettings.system().vectorBitsOn(PREFERRED_BITS);
    }
}
