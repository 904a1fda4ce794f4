package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link SplitChooser} driven by a made-up clock: each call reports the time the test says its way took, so every
 * decision is determined and checked (the chooser's real timing is in the benchmarks, not here).
 */
class SplitChooserTest {
    private static final int N = 1 << 16;

    /** Costs per element of the two ways for a call, and whether a helper came to a split call. */
    private interface Clock {
        double nanosPerElement(int call, boolean split);

        default boolean helperCame(int call) {
            return true;
        }
    }

    /** Runs {@code calls} calls; returns how many of those from {@code countFrom} on were split. */
    private static int run(SplitChooser chooser, boolean inPlace, int calls, int countFrom, Clock clock) {
        int splits = 0;
        for (int call = 0; call < calls; call++) {
            int way = chooser.next(N, inPlace);
            boolean split = (way & SplitChooser.SPLIT) != 0;
            boolean helper = split && clock.helperCame(call);
            long nanos = (way & SplitChooser.TIMED) != 0 ? Math.round(clock.nanosPerElement(call, split) * N) : 0;
            chooser.done(N, inPlace, way, helper, nanos);
            if (split && call >= countFrom) {
                splits++;
            }
        }
        return splits;
    }

    @Test
    void splitsWhileWarmingUpAndTimesNothingBeforeTheFirstBurst() {
        SplitChooser chooser = new SplitChooser();
        for (int call = 0; call < SplitChooser.FIRST_BURST; call++) {
            int way = chooser.next(N, false);
            assertEquals(SplitChooser.SPLIT, way, "call " + call);
            chooser.done(N, false, way, true, 0);
        }
        int burst = chooser.next(N, false);
        assertEquals(SplitChooser.TIMED, burst, "the first burst runs whole, timed");
    }

    @Test
    void keepsWholeWhereWholeIsFaster() {
        SplitChooser chooser = new SplitChooser();
        int splits = run(chooser, true, 200_000, 100_000, (call, split) -> split ? 2.0 : 1.0);
        // only bursts split, and they back off to one in MAX_GAP calls
        assertTrue(splits <= 4 * SplitChooser.BURST, "split calls " + splits);
        assertFalse(chooser.prefersSplit(SplitChooser.classOf(N, true)));
    }

    @Test
    void keepsSplittingWhereSplitIsFaster() {
        SplitChooser chooser = new SplitChooser();
        int splits = run(chooser, true, 200_000, 100_000, (call, split) -> split ? 1.0 : 2.0);
        assertTrue(splits >= 100_000 - 4 * SplitChooser.BURST, "split calls " + splits);
    }

    @Test
    void followsTheMachineWhenTheFasterWayChanges() {
        SplitChooser chooser = new SplitChooser();
        Clock clock = (call, split) -> call < 300_000 ? (split ? 1.0 : 2.0) : (split ? 2.0 : 1.0);
        int splitsAfter = run(chooser, false, 800_000, 600_000, clock);
        assertTrue(splitsAfter <= 4 * SplitChooser.BURST, "split calls after the change " + splitsAfter);
    }

    @Test
    void oneSlowCallDoesNotFlipTheWay() {
        SplitChooser chooser = new SplitChooser();
        // split 1.0 and whole 1.2 per element; every timed split call in one stretch takes 100 times as long
        Clock clock = (call, split) -> split ? (call >= 50_000 && call < 50_016 ? 100.0 : 1.0) : 1.2;
        run(chooser, true, 50_000, 0, clock);
        assertTrue(chooser.prefersSplit(SplitChooser.classOf(N, true)));
        int splits = run(chooser, true, 16, 0, (call, split) -> split ? 100.0 : 1.2);
        assertEquals(16, splits, "one slow timed call flipped the way");
        assertTrue(chooser.prefersSplit(SplitChooser.classOf(N, true)));
    }

    /**
     * 200 000 calls after whole was preferred, where split costs 0.5 per element and whole 1.0, except that the first
     * {@code slowSplits} split calls in a row cost 3.0 each, and only those after {@code helperAfter} of them in a
     * row have a helper.
     */
    private static void runWhileSplitWarmsUp(SplitChooser chooser, boolean inPlace, int slowSplits, int helperAfter) {
        run(chooser, inPlace, 20_000, 0, (call, split) -> split ? 2.0 : 1.0);
        assertFalse(chooser.prefersSplit(SplitChooser.classOf(N, inPlace)), "whole is preferred to begin with");
        int inARow = 0;
        for (int call = 0; call < 200_000; call++) {
            int way = chooser.next(N, inPlace);
            boolean split = (way & SplitChooser.SPLIT) != 0;
            inARow = split ? inARow + 1 : 0;
            double perElement = split ? (inARow <= slowSplits ? 3.0 : 0.5) : 1.0;
            long nanos = (way & SplitChooser.TIMED) != 0 ? Math.round(perElement * N) : 0;
            chooser.done(N, inPlace, way, split && inARow > helperAfter, nanos);
        }
    }

    @Test
    void aBurstCountsSplitCallsOnlyOnceTheHelperCame() {
        // A helper comes only after 20 split calls in a row (it parked while whole ran): counted from the first
        // call, every burst would keep whole.
        SplitChooser chooser = new SplitChooser();
        runWhileSplitWarmsUp(chooser, true, 20, 20);
        assertTrue(chooser.prefersSplit(SplitChooser.classOf(N, true)), "the helped split calls were not counted");
    }

    @Test
    void aBurstMeasuresTheWayOnceItsLinesHaveMoved() {
        // The first 5 split calls after whole ones are slow (the operands move between the cores), with a helper in
        // every one: a one-call probe would keep whole.
        SplitChooser chooser = new SplitChooser();
        runWhileSplitWarmsUp(chooser, false, 5, 0);
        assertTrue(chooser.prefersSplit(SplitChooser.classOf(N, false)), "the burst timed the move, not the way");
    }

    @Test
    void aBurstWithNoHelperEndsAndKeepsTheWay() {
        SplitChooser chooser = new SplitChooser();
        run(chooser, true, 20_000, 0, (call, split) -> split ? 2.0 : 1.0); // whole preferred
        Clock noHelper = new Clock() {
            @Override
            public double nanosPerElement(int call, boolean split) {
                return split ? 0.1 : 1.0; // what a helperless split call costs must not count
            }

            @Override
            public boolean helperCame(int call) {
                return false;
            }
        };
        int splits = run(chooser, true, 200_000, 0, noHelper);
        assertFalse(chooser.prefersSplit(SplitChooser.classOf(N, true)));
        assertTrue(splits < 200_000 / 10, "bursts that no helper joins must end: " + splits + " split calls");
    }

    @Test
    void sizesAndKindsHaveTheirOwnEstimates() {
        assertEquals(SplitChooser.classOf(1 << 15, false), SplitChooser.classOf((1 << 16) - 1, false));
        assertTrue(SplitChooser.classOf(1 << 16, false) != SplitChooser.classOf((1 << 16) - 1, false));
        assertTrue(SplitChooser.classOf(1 << 16, true) != SplitChooser.classOf(1 << 16, false));
        SplitChooser chooser = new SplitChooser();
        run(chooser, true, 50_000, 0, (call, split) -> split ? 2.0 : 1.0);
        assertFalse(chooser.prefersSplit(SplitChooser.classOf(N, true)));
        assertTrue(chooser.prefersSplit(SplitChooser.classOf(N, false)), "out of place never ran: still splits");
    }

    @Test
    void theCallersPartMovesTowardsTheShareThatEndsLastWithinItsBounds() {
        SplitChooser chooser = new SplitChooser();
        assertEquals(SplitChooser.MIN_CALLER_PART, chooser.callerPart(N, true), "half until measured");
        chooser.balance(N, true, true);
        assertEquals(SplitChooser.MIN_CALLER_PART + SplitChooser.PART_STEP, chooser.callerPart(N, true));
        assertEquals(SplitChooser.MIN_CALLER_PART, chooser.callerPart(N, false), "each kind its own part");
        assertEquals(SplitChooser.MIN_CALLER_PART, chooser.callerPart(2 * N, true), "each size its own part");
        for (int i = 0; i < SplitChooser.PARTS; i++) {
            chooser.balance(N, true, true);
        }
        assertEquals(SplitChooser.MAX_CALLER_PART, chooser.callerPart(N, true), "the helper keeps a quarter");
        chooser.balance(N, true, false);
        assertEquals(SplitChooser.MAX_CALLER_PART - SplitChooser.PART_STEP, chooser.callerPart(N, true));
        for (int i = 0; i < SplitChooser.PARTS; i++) {
            chooser.balance(N, true, false);
        }
        assertEquals(SplitChooser.MIN_CALLER_PART, chooser.callerPart(N, true), "never less than half");
    }

    @Test
    void aHelperThatStartsLateGetsTheSmallerShare() {
        // The helper's share ends a fixed latency after the caller's when both are equal: the part settles where the
        // two end together, here at 5/8 (latency = a quarter of the work of the caller's half).
        SplitChooser chooser = new SplitChooser();
        double work = 1.0, latency = 0.25;
        for (int call = 0; call < 1000; call++) {
            double caller = work * chooser.callerPart(N, false) / SplitChooser.PARTS;
            double helper = latency + work - caller;
            chooser.balance(N, false, helper > caller);
        }
        int part = chooser.callerPart(N, false);
        assertTrue(Math.abs(part - SplitChooser.PARTS * 5 / 8) <= SplitChooser.PART_STEP, "part " + part);
    }
}
