package dev.resvec.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Flatten;
import dev.resvec.nn.Linear;
import dev.resvec.nn.MaxPool2d;
import dev.resvec.nn.Module;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Sequential;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Predictor#profile}: one entry per operation of the plan, its multiply-adds, and checked arguments. */
class PredictorProfileTest {
    /** conv 3→4 3×3 pad 1 on 8×8 (ReLU fused), 2×2 max pool to 4×4, flatten, linear 64 → 5. */
    private static final Module SMALL = new Sequential(new Conv2d(3, 4, 3, 1, 1, true), new ReLU(),
            new MaxPool2d(2, 2, 0), new Flatten(), new Linear(4 * 4 * 4, 5));

    private static float[] images(int batch, int size) {
        return PredictorFixtures.images(7, batch, 3, size, size).toFloatArray();
    }

    @Test
    void everyOperationOfThePlanIsTimedInOrderWithItsMultiplyAdds() {
        Predictor p = Predictor.of(SMALL, PredictorOptions.defaults().inputSize(8, 8)
                .parallelism(Parallelism.threads(2)));
        PredictorProfile profile = p.profile(images(3, 8), 3, 1, 5);
        List<String> described = Arrays.stream(p.describe().split("\n")).skip(1).map(String::strip).toList();
        assertEquals(described, profile.operations().stream().map(PredictorProfile.Operation::name).toList());
        // counted by hand: K·C·R·S·outH·outW and in·out, per image
        long[] expected = {3L * 4 * 3 * 3 * 3 * 8 * 8, 0, 3L * 64 * 5};
        assertArrayEquals(expected, profile.operations().stream()
                .mapToLong(PredictorProfile.Operation::multiplyAdds).toArray(), profile.toTable());
        assertEquals(3L * (4 * 27 * 64 + 64 * 5), profile.multiplyAdds());
        assertEquals(3, profile.batch());
        assertEquals(2, profile.threads());
        assertEquals(5, profile.runs());
        for (PredictorProfile.Operation o : profile.operations()) {
            assertTrue(o.millis() >= 0 && Double.isFinite(o.millis()), o.toString());
        }
        assertTrue(profile.totalMillis() > 0, profile.toString());
        assertTrue(profile.operations().get(0).gflops() > 0, profile.toString());
        assertEquals(0, profile.operations().get(1).gflops());
    }

    @Test
    void aResNetsConvolutionsAddUpToItsKnownMultiplyAdds() {
        // He et al.'s CIFAR ResNet-20 at 32×32: 3×3 stem 16, three stages of three basic blocks at 16/32/64 channels
        // (32², 16², 8²), two 1×1 projections, fc 64 → 10, counted here layer by layer
        long stem = 16L * 3 * 9 * 32 * 32;
        long stage1 = 6L * 16 * 16 * 9 * 32 * 32;
        long stage2 = 32L * 16 * 9 * 16 * 16 + 5L * 32 * 32 * 9 * 16 * 16 + 32L * 16 * 16 * 16;
        long stage3 = 64L * 32 * 9 * 8 * 8 + 5L * 64 * 64 * 9 * 8 * 8 + 64L * 32 * 8 * 8;
        long fc = 64L * 10;
        Predictor p = Predictor.of(ResNets.cifarResNet(20, 10, ResNetOptions.defaults()));
        assertEquals(stem + stage1 + stage2 + stage3 + fc, p.profile(images(1, 32), 1, 0, 1).multiplyAdds());
    }

    @Test
    void groupedDilatedAndUnevenlyStridedConvolutionsCountTheirMultiplyAdds() {
        // 8 → 12 channels in 4 groups, a 3×5 kernel, stride 2×1, padding 2×1, dilation 2×1, on 17×13: the output is
        // (17 + 4 − 4 − 1)/2 + 1 = 9 by (13 + 2 − 4 − 1)/1 + 1 = 11, each of its 12 channels summing 2·3·5 products
        Module m = new Conv2d(8, 12, new int[] {3, 5}, new int[] {2, 1}, new int[] {2, 1}, new int[] {2, 1}, 4, false);
        Predictor p = Predictor.of(m, PredictorOptions.defaults().inputSize(17, 13));
        float[] x = PredictorFixtures.images(3, 3, 8, 17, 13).toFloatArray();
        assertEquals(3L * 12 * 2 * 3 * 5 * 9 * 11, p.profile(x, 3, 0, 1).multiplyAdds());
    }

    @Test
    void profilingLeavesThePredictorsResultsAsTheyWere() {
        Predictor p = Predictor.of(SMALL, PredictorOptions.defaults().inputSize(8, 8));
        float[] x = images(2, 8);
        float[] before = p.predict(x, 2);
        p.profile(x, 2, 0, 2);
        assertArrayEquals(before, p.predict(x, 2));
    }

    @Test
    void theTableNamesEveryOperationAndTheTotal() {
        Predictor p = Predictor.of(SMALL, PredictorOptions.defaults().inputSize(8, 8)
                .parallelism(Parallelism.singleThread()));
        PredictorProfile profile = p.profile(images(2, 8), 2, 0, 3);
        String table = profile.toTable();
        for (PredictorProfile.Operation o : profile.operations()) {
            assertTrue(table.contains(o.name()), table);
        }
        assertTrue(table.contains("total: median of 3 calls, batch 2, 1 thread"), table);
    }

    @Test
    void theWarmUpCallsAtLeastOnceAndSaysWhetherTheCallTimeSettled() {
        Predictor p = Predictor.of(SMALL, PredictorOptions.defaults().inputSize(8, 8)
                .parallelism(Parallelism.singleThread()));
        float[] x = images(2, 8);
        assertFalse(p.warmUp(x, 2, Duration.ZERO));
        Arena arena = p.arenas().acquire();
        assertEquals(2, arena.capacity(), "the one call of a zero warm-up ran on the caller's arena");
        p.arenas().release(arena);
        // A clock of its own, so that whether and when the time settles does not depend on this machine's load:
        // every call takes 1 ms while the call time is still falling by 10 % a window, then 1 ms from then on
        FakeClock steady = new FakeClock(0);
        assertTrue(p.warmUp(x, 2, Duration.ofMinutes(1), steady), "a constant call time settles");
        long settledAfter = Predictor.SETTLED_WINDOWS * Predictor.WINDOW_NANOS;
        assertTrue(steady.now >= settledAfter, "settled after " + steady.now + " ns, before " + settledAfter);
        assertTrue(steady.now <= settledAfter + 2 * Predictor.WINDOW_NANOS, "settled only after " + steady.now + " ns");
        FakeClock falling = new FakeClock(Long.MAX_VALUE);
        assertFalse(p.warmUp(x, 2, Duration.ofSeconds(5), falling), "a call time still falling has not settled");
        assertTrue(falling.now >= 5_000_000_000L, "gave up after " + falling.now + " ns, before the limit");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.warmUp(x, 2,
                Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("zero or more, got PT-1S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.warmUp(x, 3, Duration.ZERO));
        assertTrue(e.getMessage().contains("3 images of 3×8×8"), e.getMessage());
    }

    @Test
    void badArgumentsAreRejected() {
        Predictor p = Predictor.of(SMALL, PredictorOptions.defaults().inputSize(8, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.profile(images(1, 8), 1,
                -1, 3));
        assertTrue(e.getMessage().contains("warmups = -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.profile(images(1, 8), 1, 0, 0));
        assertTrue(e.getMessage().contains("runs = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.profile(images(1, 8), 1, 0,
                Predictor.MAX_PROFILE_RUNS + 1));
        assertTrue(e.getMessage().contains("runs from 1 to " + Predictor.MAX_PROFILE_RUNS), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.profile(images(1, 8), 2, 0, 1));
        assertTrue(e.getMessage().contains("2 images of 3×8×8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.profile(null, 1, 0, 1));
        assertTrue(e.getMessage().contains("got null"), e.getMessage());
    }

    /**
     * A clock read twice per timed call (before and after it): each call takes 1 ms of its time, shortened by 10 %
     * every quarter of a second (one warm-up window) until {@code fallsUntil} ns, so the call time keeps improving
     * until then and stays flat after it.
     */
    private static final class FakeClock implements java.util.function.LongSupplier {
        private final long fallsUntil;
        long now;
        private boolean inCall;

        FakeClock(long fallsUntil) {
            this.fallsUntil = fallsUntil;
        }

        @Override
        public long getAsLong() {
            long t = now;
            if (!inCall) {
                double windows = Math.min(now, fallsUntil) / (double) Predictor.WINDOW_NANOS;
                now += Math.max(1_000, (long) (1_000_000 * Math.pow(0.9, windows)));
            } else {
                now += 1_000;   // between two calls
            }
            inCall = !inCall;
            return t;
        }
    }
}
