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
import dev.resvec.kernels.internal.conv.WinogradBlockChooser.Key;
import dev.resvec.kernels.internal.conv.WinogradBlockChooser.Trial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link WinogradBlockChooser}: its state machine with the calls' times given (untimed warm-up, the candidates' timed
 * calls in turn, the lowest median kept, the default on a tie, later trials), and through the public entry that a
 * forward gives the same bits whichever candidate it runs.
 */
class WinogradBlockChooserTest {
    private static Key key(int channels) {
        return key(channels, 2);
    }

    private static Key key(int channels, int candidates) {
        return new Key(new WinogradGeometry(1, channels, 8, 8, channels, 8, 8, 1, 1, WinogradVariant.F4X4_3X3), 1,
                candidates);
    }

    private static final int SMALL = 1;

    /**
     * Runs calls of {@code key} until a trial has ended, each timed call of candidate c "taking" {@code times[c]} of
     * its sample index among that candidate's (0, 1, ...).
     *
     * @return the candidates of the calls in order, a timed call's followed by "t"
     */
    private static List<String> sample(WinogradBlockChooser chooser, Key key, IntToLongFunction... times) {
        assertEquals(times.length, key.candidates(), "a time for each of the key's candidates");
        List<String> candidates = new ArrayList<>();
        int[] seen = new int[times.length];
        while (Arrays.stream(seen).sum() < times.length * WinogradBlockChooser.SAMPLES) {
            if (candidates.size() > 2 * WinogradBlockChooser.MAX_TRIAL_GAP) {
                fail("no trial in " + candidates.size() + " calls");
            }
            Trial t = chooser.begin(key);
            candidates.add(t.candidate() + (t.state() != null ? "t" : ""));
            if (t.state() != null) {
                int c = t.candidate();
                t.state().record(t.slot(), times[c].applyAsLong(seen[c]++));
            }
        }
        return candidates;
    }

    @Test
    void warmUpCallsRunTheDefaultThenTheCandidatesTakeTurnsUntimedAndThenTimed() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        List<String> calls = sample(chooser, key(8), i -> 100, i -> 80);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < WinogradBlockChooser.UNTIMED_CALLS; i++) {
            expected.add("0");
        }
        for (int i = 0; i < WinogradBlockChooser.WARM_ROUNDS; i++) {
            expected.addAll(List.of("0", "1"));
        }
        for (int i = 0; i < WinogradBlockChooser.SAMPLES; i++) {
            expected.addAll(List.of("0t", "1t"));
        }
        assertEquals(expected, calls);
        Trial after = chooser.begin(key(8));
        assertEquals(SMALL, after.candidate(), "the faster candidate, from then on");
        assertNull(after.state(), "untimed once chosen");
    }

    @Test
    void laterTrialsComeEverFewerCallsApartAndReplaceTheChoice() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        sample(chooser, key(8), i -> 100, i -> 80);
        assertEquals(SMALL, chooser.chosen(key(8)));
        long first = WinogradBlockChooser.UNTIMED_CALLS, factor = WinogradBlockChooser.TRIAL_GAP_FACTOR;
        List<String> second = sample(chooser, key(8), i -> 80, i -> 100);
        assertEquals(WinogradBlockChooser.DEFAULT, chooser.chosen(key(8)), "the second trial's choice");
        int trial = 2 * (WinogradBlockChooser.WARM_ROUNDS + WinogradBlockChooser.SAMPLES);
        int between = (int) ((factor - 1) * first) - trial;
        assertEquals(between + trial, second.size(), "the second trial starts at call " + factor * first);
        assertEquals(List.of("1"), second.subList(0, between).stream().distinct().toList(),
                "the first choice runs until then");
        List<String> third = sample(chooser, key(8), i -> 100, i -> 80);
        assertEquals(factor * factor * first - factor * first, third.size(), "the third at call " + factor * factor
                * first);
        assertEquals(SMALL, chooser.chosen(key(8)));
        long start = factor * factor * first, calls = start;
        while (calls < WinogradBlockChooser.MAX_TRIAL_GAP * 4) {
            List<String> next = sample(chooser, key(8), i -> 100, i -> 80);
            long gap = Math.min(WinogradBlockChooser.MAX_TRIAL_GAP, (factor - 1) * start);
            assertEquals(gap, next.size(), "the trial after the one at call " + start);
            start += gap;
            calls += next.size();
        }
    }

    @Test
    void keepsTheLowerMedianWhateverTheOutliers() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        // the other candidate is faster in most calls; three of its calls met a preempted thread
        sample(chooser, key(8), i -> 100 + i, i -> i < 3 ? 100_000 : 80);
        assertEquals(SMALL, chooser.chosen(key(8)));
        // the default is faster in most calls, though its fastest call is slower than the other's
        sample(chooser, key(9), i -> i < 3 ? 100_000 : 100, i -> i == 0 ? 10 : 150);
        assertEquals(WinogradBlockChooser.DEFAULT, chooser.chosen(key(9)));
    }

    @Test
    void aTieKeepsTheDefault() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        sample(chooser, key(8), i -> 1000, i -> 1000 * (100 - WinogradBlockChooser.TIE_PERCENT) / 100);
        assertEquals(WinogradBlockChooser.DEFAULT, chooser.chosen(key(8)), "exactly the tie margin faster: a tie");
        sample(chooser, key(9), i -> 1000, i -> 1000 * (100 - WinogradBlockChooser.TIE_PERCENT) / 100 - 1);
        assertEquals(SMALL, chooser.chosen(key(9)), "just past the margin");
    }

    @Test
    void keysAreChosenApartAndTheirNumberIsBounded() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        sample(chooser, key(8), i -> 100, i -> 50);
        sample(chooser, key(9), i -> 50, i -> 100);
        assertEquals(SMALL, chooser.chosen(key(8)));
        assertEquals(WinogradBlockChooser.DEFAULT, chooser.chosen(key(9)));
        for (int c = 10; c < 8 + WinogradBlockChooser.MAX_KEYS; c++) {  // keys 8 .. MAX_KEYS + 7 are tracked
            assertEquals(WinogradBlockChooser.DEFAULT, chooser.begin(key(c)).candidate(), "a warm-up call");
        }
        Key beyond = key(8 + WinogradBlockChooser.MAX_KEYS);
        for (int i = 0; i < WinogradBlockChooser.UNTIMED_CALLS + 2 * WinogradBlockChooser.SAMPLES + 4; i++) {
            Trial t = chooser.begin(beyond);
            assertEquals(WinogradBlockChooser.DEFAULT, t.candidate());
            assertNull(t.state(), "a key past the bound is never timed");
        }
        assertEquals(-1, chooser.chosen(beyond));
    }

    @Test
    void theLowestMedianOfSeveralWinsWhereItBeatsTheDefault() {
        WinogradBlockChooser chooser = new WinogradBlockChooser();
        List<String> calls = sample(chooser, key(8, 3), i -> 100, i -> 90, i -> i < 3 ? 1 : 70);
        int warm = 3 * WinogradBlockChooser.WARM_ROUNDS;
        assertEquals(List.of("0", "1", "2", "0t", "1t", "2t"), calls.subList(WinogradBlockChooser.UNTIMED_CALLS + warm
                - 3, WinogradBlockChooser.UNTIMED_CALLS + warm + 3), "a trial's calls run the candidates in turn");
        assertEquals(2, chooser.chosen(key(8, 3)));
        sample(chooser, key(9, 3), i -> 100, i -> 98, i -> 99);
        assertEquals(WinogradBlockChooser.DEFAULT, chooser.chosen(key(9, 3)), "within the tie margin of the default");
    }

    /**
     * Prepared F(4×4) forwards whose geometries have candidates besides the default (the small budget's blocks, and
     * one image per block transposed) run until the shared chooser has timed every candidate and chosen: every call
     * gives the bits of the first (a warm-up call, the default blocking).
     */
    @Test
    void everyCandidateGivesTheSameBits() {
        WinogradKernels kern = WinogradBackends.active();
        // the smallest batch of 8-channel 32×32 images whose tiles the small budget blocks differently
        ConvShape small = null;
        for (int batch = 1; batch <= 256 && small == null; batch *= 2) {
            ConvShape s = ConvShape.of(batch, 8, 32, 32, 8, 3, 1, 1);
            if (candidates(s, kern).length > 0) {
                small = s;
            }
        }
        assertNotNull(small, "no batch up to 256 of 8@32×32 has a candidate besides the default");
        runUntilChosen(small);
        // an image of fewer tiles than 2·NR (one row of t tiles) whose GEMMs pay transposed: one image per block,
        // transposed; where the register tile has no more columns than rows that never pays, and nothing is offered
        ConvShape images = null;
        for (int t = 1; t < 2 * kern.blocking().nr() && images == null; t++) {
            ConvShape s = ConvShape.of(3, 32, 4, 4 * t, 32, 3, 1, 1);
            if (Arrays.stream(candidates(s, kern)).anyMatch(WinogradForward.Choice::transposed)) {
                images = s;
            }
        }
        if (kern.blocking().nr() > kern.blocking().mr()) {
            assertNotNull(images, "no transposed candidate for 32 channels, one row of 1 to 2·NR − 1 tiles");
            runUntilChosen(images);
        } else {
            assertNull(images, "MR ≥ NR: the transposed orientation never pays, yet " + images + " offers it");
        }
    }

    /**
     * Prepared filters may derive the transposed layout and a call's own filters may not, so the same geometry has
     * more candidates prepared: calls of both kinds, interleaved, each keep to their own candidates and give the same
     * bits.
     */
    @Test
    void preparedAndPerCallFiltersOfOneGeometryInterleave() {
        WinogradKernels kern = WinogradBackends.active();
        // enough images for the small budget's blocks to differ too: the prepared filters then have one candidate
        // more than a call's own (three against two)
        ConvShape shape = null;
        for (int t = 1; t < 2 * kern.blocking().nr() && shape == null; t++) {
            ConvShape s = ConvShape.of(64, 16, 4, 4 * t, 16, 3, 1, 1);
            if (candidates(s, kern).length == 2) {
                shape = s;
            }
        }
        if (kern.blocking().nr() <= kern.blocking().mr()) {
            assertNull(shape, "MR ≥ NR: the transposed orientation never pays");
            return;
        }
        assertNotNull(shape, "no two candidates for 64 images of 16 channels, one row of 1 to 2·NR − 1 tiles");
        float[] in = uniform(shape.inputSize(), 12), w = uniform(shape.filterSize(), 13);
        PreparedConvolution p = Convolution.prepare(shape, ConvAlgorithm.WINOGRAD_F4X4_3X3, w, 0);
        float[] first = null;
        int calls = 2 * (WinogradBlockChooser.UNTIMED_CALLS + (WinogradBlockChooser.WARM_ROUNDS
                + WinogradBlockChooser.SAMPLES) * WinogradBlockChooser.MAX_CANDIDATES);
        for (int call = 0; call < calls; call++) {
            float[] out = new float[shape.outputSize()];
            if (call % 2 == 0) {
                p.forward(shape.batch(), in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread());
            } else {
                Convolution.forward(shape, ConvAlgorithm.WINOGRAD_F4X4_3X3, in, 0, w, 0, out, 0, ConvEpilogue.none(),
                        Parallelism.singleThread());
            }
            if (first == null) {
                first = out;
            } else {
                assertArrayEquals(first, out, shape.describe() + ", call " + call);
            }
        }
    }

    private static WinogradForward.Choice[] candidates(ConvShape s, WinogradKernels kern) {
        WinogradGeometry g = WinogradGeometry.forward(s, WinogradVariant.F4X4_3X3);
        WinogradFilter f = WinogradConvolution.transformFilter(ConvAlgorithm.WINOGRAD_F4X4_3X3, s,
                new float[s.filterSize()], 0, kern);
        int tb = WinogradForward.blockTiles(g, kern);
        boolean transposed = WinogradGemm.transposed(kern.blocking(), g.outChannels(), tb);
        WinogradForward.Choice def = new WinogradForward.Choice(
                WinogradForward.plan(g.tiles(), tb, 1, kern.blocking().nr()), transposed);
        return WinogradForward.candidates(g, f, kern, 1, def);
    }

    /** @return n floats uniform in [−0.5, 0.5) from the seed */
    private static float[] uniform(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        return x;
    }

    private static void runUntilChosen(ConvShape shape) {
        float[] in = uniform(shape.inputSize(), 11), w = uniform(shape.filterSize(), 14);
        PreparedConvolution p = Convolution.prepare(shape, ConvAlgorithm.WINOGRAD_F4X4_3X3, w, 0);
        Key key = new Key(WinogradGeometry.forward(shape, WinogradVariant.F4X4_3X3), 1,
                candidates(shape, WinogradBackends.active()).length + 1);
        float[] first = null;
        for (int call = 0; WinogradBlockChooser.shared().chosen(key) < 0; call++) {
            if (call > 1000) {
                fail(shape.describe() + ": no choice in 1000 calls");
            }
            float[] out = new float[shape.outputSize()];
            p.forward(shape.batch(), in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread());
            if (first == null) {
                first = out;
            } else {
                assertArrayEquals(first, out, shape.describe() + ", call " + call);
            }
        }
    }
}
