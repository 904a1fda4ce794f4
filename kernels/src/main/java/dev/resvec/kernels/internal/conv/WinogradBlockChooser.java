package dev.resvec.kernels.internal.conv;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which of two block budgets a Winograd call runs with, per geometry and thread count, chosen by timing both on the
 * first calls, as FFTW's planner and cuDNN's benchmark mode choose by measurement (and {@code SplitChooser} does for
 * the parallel add).
 *
 * <p>Why measure: the budget that suits the caches is the machine's, not the cache sizes'. On a 2-vCPU Zen 5 guest
 * (L2 1 MiB, L3 32 MiB) blocks of 8 MiB of V and M were faster than 2 MiB ones (64@56×56 F(4×4) batch 8: 6.25 →
 * 5.83 ms on 1 thread, 3.94 → 3.38 on 2); on a 2-vCPU Zen 4 guest reporting the same sizes, whose L3 is shared with
 * other guests, 2 MiB blocks were faster (alternated in one JVM, median of 7 rounds: 64@56×56 batch 8 1.30× on 1
 * thread and 1.33× on 2, 128@28×28 batch 8 1.22× and 1.29×; ResNet-18 at batch 8 on 2 threads 1.14×). No size the
 * machine reports tells the two apart.
 *
 * <p>How. A trial alternates the two budgets over {@code 2·}{@value #SAMPLES} calls of a key, each timed; the budget
 * with the lower median then runs the key's calls until the next trial (the default on a tie within
 * {@value #TIE_PERCENT} %, and before the first trial). Medians, as a call that met a preempted thread can take many
 * times the usual. The first trial starts at the key's call {@value #UNTIMED_CALLS}, each later one
 * {@value #TRIAL_GAP_FACTOR} times as many calls in, at most {@value #MAX_TRIAL_GAP} calls after the one before:
 * the first trials run while the JIT still compiles (one network's calls took 250 ms, then 27, then 7 in its first
 * trial), the later ones on compiled code, and a machine whose load changes is measured again. Calls of a key from
 * several threads at once share its samples.
 *
 * <p>Both budgets compute every output element with the same operations (see {@link WinogradForward}): the choice
 * changes the time, never a result. At most {@value #MAX_KEYS} keys are tracked; calls of further keys run the
 * default budget.
 */
final class WinogradBlockChooser {
    /** Calls of a key before its first timed one. */
    static final int UNTIMED_CALLS = 8;
    /** Timed calls per budget before the choice. */
    static final int SAMPLES = 7;
    /** How much faster (in percent of the default's median) the other budget must be to be chosen. */
    static final int TIE_PERCENT = 3;
    /** Each trial starts this many times as many calls into the key as the one before. */
    static final int TRIAL_GAP_FACTOR = 8;
    /** The most calls between the starts of two trials. */
    static final long MAX_TRIAL_GAP = 1L << 16;
    /** The most keys tracked at once. */
    static final int MAX_KEYS = 1024;

    /** What a call runs with. */
    enum Budget { DEFAULT, SMALL }

    /**
     * One call's budget; {@link #finish} records its time where the call is a timed one.
     *
     * @param budget the budget to run
     * @param state  the key's state where the call is timed, else null
     * @param slot   the call's place among the key's samples, where timed
     * @param start  {@link System#nanoTime} at the call's start, where timed
     */
    record Trial(Budget budget, State state, int slot, long start) {
        /** Records the call's time (no-op for an untimed call). */
        void finish() {
            if (state != null) {
                state.record(slot, System.nanoTime() - start);
            }
        }
    }

    private static Trial untimed(Budget budget) {
        return new Trial(budget, null, 0, 0);
    }

    /**
     * A call's geometry and threads: the calls that share a key are timed together.
     *
     * @param geometry the call's geometry
     * @param threads  the threads it may run on
     */
    record Key(WinogradGeometry geometry, int threads) {}

    private static final WinogradBlockChooser SHARED = new WinogradBlockChooser();

    private final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();

    /** @return the chooser every Winograd call uses */
    static WinogradBlockChooser shared() {
        return SHARED;
    }

    /** @return the budget of the next call of {@code key}, timed or not */
    Trial begin(Key key) {
        State s = states.get(key);
        if (s == null) {
            if (states.size() >= MAX_KEYS) {
                return untimed(Budget.DEFAULT);
            }
            s = states.computeIfAbsent(key, k -> new State());
        }
        return s.begin();
    }

    /** @return the budget chosen for {@code key}, or null while it is untracked or its samples are being taken */
    Budget chosen(Key key) {
        State s = states.get(key);
        return s == null ? null : s.chosen();
    }

    /** One key's calls so far, the samples of its current or last trial and the choice of its last. */
    static final class State {
        private final AtomicLong calls = new AtomicLong();
        private final AtomicInteger recorded = new AtomicInteger();
        /** Samples of the default budget at even indices, of the small one at odd indices. */
        private final AtomicLongArray nanos = new AtomicLongArray(2 * SAMPLES);
        /** The call that starts the current or next trial. */
        private volatile long trialStart = UNTIMED_CALLS;
        private volatile Budget chosen;

        Trial begin() {
            long call = calls.getAndIncrement() - trialStart;
            if (call >= 0 && call < 2 * SAMPLES) {
                // the call's place in the trial is its slot: even slots run the default budget, odd slots the small one
                int slot = (int) call;
                return new Trial(slot % 2 == 0 ? Budget.DEFAULT : Budget.SMALL, this, slot, System.nanoTime());
            }
            Budget c = chosen;
            return untimed(c == null ? Budget.DEFAULT : c);
        }

        void record(int slot, long time) {
            nanos.set(slot, Math.max(1, time));
            if (recorded.incrementAndGet() == 2 * SAMPLES) {
                recorded.set(0);
                chosen = choose();
                long start = trialStart;
                trialStart = start + Math.min(MAX_TRIAL_GAP, (TRIAL_GAP_FACTOR - 1) * start);
            }
        }
        private Budget choose() {
            long[] def = new long[SAMPLES], small = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                def[i] = nanos.get(2 * i);
                small[i] = nanos.get(2 * i + 1);
            }
            Arrays.sort(def);
            Arrays.sort(small);
            long d = def[SAMPLES / 2], s = small[SAMPLES / 2];
            return s * 100 < d * (100 - TIE_PERCENT) ? Budget.SMALL : Budget.DEFAULT;
        }

        /** @return the choice made, or null while the samples are still being taken */
        Budget chosen() {
            return chosen;
        }
    }
}
