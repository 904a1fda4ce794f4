package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.PreparedConvolution;
import dev.resvec.kernels.internal.conv.WinogradBlockChooser.Budget;
import dev.resvec.kernels.internal.conv.WinogradBlockChooser.Key;
import dev.resvec.kernels.internal.conv.WinogradBlockChooser.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link WinogradBlockChooser}: its state machine with the calls' times given (untimed warm-up, alternating timed
 * calls, the lower median kept, the default on a tie), and through the public entry that a forward gives the same
 * bits whichever budget it runs.
 */
class WinogradBlockChooserTest {
    private static Key key(int channels) {
        return new Key(new WinogradGeometry(1, channels, 8, 8, channels, 8, 8, 1, 1, WinogradVariant.F4X4_3X3), 1);
    }

    /**
     * Runs calls of {@code key} until a trial has ended, each timed call "taking" {@code time} of its sample index
     * among its budget's (0, 1, ...).
     *
     * @return the budgets of the calls in order
     */
    private static List<Budget> sample(WinogradBlockChooser chooser, Key key, IntToLongFunction defaultTime,
                                       IntToLongFunction smallTime) {
        List<Budget> budgets = new ArrayList<>();
        int[] seen = new int[2];
        while (seen[0] + seen[1] < 2 * WinogradBlockChooser.SAMPLES) {
            if (budgets.size() > 2 * WinogradBlockChooser.MAX_TRIAL_GAP) {
                fail("no trial in " + budgets.size() + " calls");
            }
            Trial t = chooser.begin(key);
            budgets.add(t.budget());
            if (t.state() != null) {
                int b = t.budget().ordinal();
                long time = b == 0 ? defaultTime.applyAsLong(seen[b]) : smallTime.applyAsLong(seen[b]);
                seen[b]++;
                t.state().record(t.slot(), time);
            }
        }
        return budgets;
    }

    @Test
    void warmUpCallsRunTheDefaultUntimedThenTheBudgetsAlternate() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        List<Budget> budgets = sample(chooser, key(8), i -> 100, i -> 80);
        List<Budget> expected = new ArrayList<>();
        for (int i = 0; i < WinogradBlockChooser.UNTIMED_CALLS; i++) {
            expected.add(Budget.DEFAULT);
        }
        for (int i = 0; i < WinogradBlockChooser.SAMPLES; i++) {
            expected.add(Budget.DEFAULT);
            expected.add(Budget.SMALL);
        }
        assertEquals(expected, budgets);
        Trial after = chooser.begin(key(8));
        assertEquals(Budget.SMALL, after.budget(), "the faster budget, from then on");
        assertNull(after.state(), "untimed once chosen");
    }

    @Test
    void laterTrialsComeEverFewerCallsApartAndReplaceTheChoice() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        sample(chooser, key(8), i -> 100, i -> 80);
        assertEquals(Budget.SMALL, chooser.chosen(key(8)));
        long first = WinogradBlockChooser.UNTIMED_CALLS, factor = WinogradBlockChooser.TRIAL_GAP_FACTOR;
        List<Budget> second = sample(chooser, key(8), i -> 80, i -> 100);
        assertEquals(Budget.DEFAULT, chooser.chosen(key(8)), "the second trial's choice");
        int untimed = (int) ((factor - 1) * first) - 2 * WinogradBlockChooser.SAMPLES;
        assertEquals(untimed + 2 * WinogradBlockChooser.SAMPLES, second.size(),
                "the second trial starts at call " + factor * first);
        assertEquals(List.of(Budget.SMALL), second.subList(0, untimed).stream().distinct().toList(),
                "the first choice runs until then");
        List<Budget> third = sample(chooser, key(8), i -> 100, i -> 80);
        assertEquals(factor * factor * first - factor * first, third.size(), "the third at call " + factor * factor
                * first);
        assertEquals(Budget.SMALL, chooser.chosen(key(8)));
        long start = factor * factor * first, calls = start;
        while (calls < WinogradBlockChooser.MAX_TRIAL_GAP * 4) {
            List<Budget> next = sample(chooser, key(8), i -> 100, i -> 80);
            long gap = Math.min(WinogradBlockChooser.MAX_TRIAL_GAP, (factor - 1) * start);
            assertEquals(gap, next.size(), "the trial after the one at call " + start);
            start += gap;
            calls += next.size();
        }
    }

    @Test
    void keepsTheLowerMedianWhateverTheOutliers() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        // the small budget is faster in most calls; three of its calls met a preempted thread
        sample(chooser, key(8), i -> 100 + i, i -> i < 3 ? 100_000 : 80);
        assertEquals(Budget.SMALL, chooser.chosen(key(8)));
        // the default is faster in most calls, though its fastest call is slower than the small budget's
        sample(chooser, key(9), i -> i < 3 ? 100_000 : 100, i -> i == 0 ? 10 : 150);
        assertEquals(Budget.DEFAULT, chooser.chosen(key(9)));
    }

    @Test
    void aTieKeepsTheDefault() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        sample(chooser, key(8), i -> 1000, i -> 1000 * (100 - WinogradBlockChooser.TIE_PERCENT) / 100);
        assertEquals(Budget.DEFAULT, chooser.chosen(key(8)), "exactly the tie margin faster: a tie");
        sample(chooser, key(9), i -> 1000, i -> 1000 * (100 - WinogradBlockChooser.TIE_PERCENT) / 100 - 1);
        assertEquals(Budget.SMALL, chooser.chosen(key(9)), "just past the margin");
    }

    @Test
    void keysAreChosenApartAndTheirNumberIsBounded() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        sample(chooser, key(8), i -> 100, i -> 50);
        sample(chooser, key(9), i -> 50, i -> 100);
        assertEquals(Budget.SMALL, chooser.chosen(key(8)));
        assertEquals(Budget.DEFAULT, chooser.chosen(key(9)));
        for (int c = 10; c < 8 + WinogradBlockChooser.MAX_KEYS; c++) {  // keys 8 .. MAX_KEYS + 7 are tracked
            assertEquals(Budget.DEFAULT, chooser.begin(key(c)).budget(), "a warm-up call");
        }
        Key beyond = key(8 + WinogradBlockChooser.MAX_KEYS);
        for (int i = 0; i < WinogradBlockChooser.UNTIMED_CALLS + 2 * WinogradBlockChooser.SAMPLES + 4; i++) {
            Trial t = chooser.begin(beyond);
            assertEquals(Budget.DEFAULT, t.budget());
            assertNull(t.state(), "a key past the bound is never timed");
        }
        assertNull(chooser.chosen(beyond));
    }

    /**
     * A prepared F(4×4) forward whose geometry gives the two budgets different blocks runs until the shared chooser
     * has timed both and chosen: every call gives the bits of the first (the default budget's, a warm-up call).
     */
    @Test
    void everyBudgetGivesTheSameBits() {
        WinogradKernels kern = WinogradBackends.active();
        // the smallest batch of 8-channel 32×32 images whose tiles the two budgets block differently
        ConvShape shape = null;
        for (int batch = 1; batch <= 256 && shape == null; batch *= 2) {
            ConvShape s = ConvShape.of(batch, 8, 32, 32, 8, 3, 1, 1);
            WinogradGeometry g = WinogradGeometry.forward(s, WinogradVariant.F4X4_3X3);
            int tb = WinogradForward.blockTiles(g, kern);
            WinogradForward.Plan plan = WinogradForward.plan(g.tiles(), tb, 1, kern.blocking().nr());
            boolean transposed = WinogradGemm.transposed(kern.blocking(), g.outChannels(), tb);
            if (WinogradForward.smallBudgetPlan(g, kern, 1, plan, transposed) != null) {
                shape = s;
            }
        }
        assertNotNull(shape, "no batch up to 256 of 8@32×32 blocks differently under the two budgets");
        Random rnd = new Random(11);
        float[] in = new float[shape.inputSize()], w = new float[shape.filterSize()];
        for (int i = 0; i < in.length; i++) {
            in[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextFloat() - 0.5f;
        }
        PreparedConvolution p = Convolution.prepare(shape, ConvAlgorithm.WINOGRAD_F4X4_3X3, w, 0);
        Key key = new Key(WinogradGeometry.forward(shape, WinogradVariant.F4X4_3X3), 1);
        float[] first = null;
        int calls = 0;
        while (calls < WinogradBlockChooser.UNTIMED_CALLS + 2 * WinogradBlockChooser.SAMPLES) {
            calls++;
            float[] out = new float[shape.outputSize()];
            p.forward(shape.batch(), in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread());
            if (first == null) {
                first = out;
            } else {
                assertArrayEquals(first, out, "call " + calls);
            }
        }
        assertNotNull(WinogradBlockChooser.shared().chosen(key), "both budgets were timed and one chosen");
    }
}
