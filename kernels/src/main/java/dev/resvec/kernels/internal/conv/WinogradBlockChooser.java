package dev.resvec.kernels.internal.conv;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which blocking a Winograd call runs with, per geometry and thread count, among the default one and up to
 * {@value #MAX_CANDIDATES}{@code − 1} others ({@link WinogradForward#candidates}), chosen by timing them on a key's
 * calls, as FFTW's planner and cuDNN's benchmark mode choose by measurement (and {@code SplitChooser} does for the
 * parallel add).
 *
 * <p>Why measure: the blocking that suits the caches is the machine's, not the cache sizes'. On a 2-vCPU Zen 5 guest
 * (L2 1 MiB, L3 32 MiB) blocks of 8 MiB of V and M were faster than 2 MiB ones (64@56×56 F(4×4) batch 8: 6.25 →
 * 5.83 ms on 1 thread, 3.94 → 3.38 on 2); on a 2-vCPU Zen 4 guest reporting the same sizes, whose L3 is shared with
 * other guests, 2 MiB blocks were faster (alternated in one JVM, median of 7 rounds: 64@56×56 batch 8 1.30× on 1
 * thread and 1.33× on 2), and 128@28×28 at batch 4 and 8 ran 1.27–1.31× as fast in blocks of one image's 49 tiles,
 * transposed, as in the default blocks of 196. No size the machine reports tells these apart.
 *
 * <p>How. A trial runs the candidates in turn over {@value #WARM_ROUNDS} untimed and then {@value #SAMPLES} timed
 * rounds of a key's calls; the candidate with the lowest median then runs the key's calls until the next trial (the
 * default unless another is faster by more than {@value #TIE_PERCENT} %, and the default before the first trial).
 * Medians, as a call that met a preempted thread can take many times the usual. The first trial starts at the key's call
 * {@value #UNTIMED_CALLS}, each later one {@value #TRIAL_GAP_FACTOR} times as many calls in, at most
 * {@value #MAX_TRIAL_GAP} calls after the one before: the first trials run while the JIT still compiles (one
 * network's calls took 250 ms, then 27, then 7 in its first trial), the later ones on compiled code, and a machine
 * whose load changes is measured again. Calls of a key from several threads at once share its samples.
 *
 * <p>Every candidate computes every output element with the same operations (see {@link WinogradForward}): the
 * choice changes the time, never a result. At most {@value #MAX_KEYS} keys are tracked; calls of further keys run
 * the default.
 */
final class WinogradBlockChooser {
    /** Calls of a key before its first timed one. */
    static final int UNTIMED_CALLS = 8;
    /** Timed calls per candidate in a trial. */
    static final int SAMPLES = 7;
    /**
     * Rounds of untimed calls (each candidate once) that open a trial: a candidate's first calls compile its code
     * paths and may derive its filter layout (a first call took 154 ms against 8–10 for the others), and move its
     * blocks' data into place.
     */
    static final int WARM_ROUNDS = 2;
    /** The most candidates of a key, the default included. */
    static final int MAX_CANDIDATES = 4;
    /** How much faster (in percent of the default's median) another candidate must be to be chosen. */
    static final int TIE_PERCENT = 3;
    /** Each trial starts this many times as many calls into the key as the one before. */
    static final int TRIAL_GAP_FACTOR = 8;
    /** The most calls between the starts of two trials. */
    static final long MAX_TRIAL_GAP = 1L << 16;
    /** The most keys tracked at once. */
    static final int MAX_KEYS = 1024;

    /** The default candidate's index. */
    static final int DEFAULT = 0;

    /**
     * One call's candidate; {@link #finish} records its time where the call is a timed one.
     *
     * @param candidate the candidate to run, {@link #DEFAULT} or an index into the key's others plus one
     * @param state     the key's state where the call is timed, else null
     * @param slot      the call's place among the key's samples, where timed
     * @param start     {@link System#nanoTime} at the call's start, where timed
     */
    record Trial(int candidate, State state, int slot, long start) {
        /** Records the call's time (no-op for an untimed call). */
        void finish() {
            if (state != null) {
                state.record(slot, System.nanoTime() - start);
            }
        }
    }

    /** The untimed calls' trials, one per candidate: most calls are untimed, and need not allocate one. */
    private static final Trial[] UNTIMED = new Trial[MAX_CANDIDATES];

    static {
        for (int c = 0; c < MAX_CANDIDATES; c++) {
            UNTIMED[c] = new Trial(c, null, 0, 0);
        }
    }

    private static Trial untimed(int candidate) {
        return UNTIMED[candidate];
    }

    /**
     * The calls timed together: one geometry, thread count and number of candidates (a geometry's prepared filters
     * may have a candidate more than a training call's own, see {@link WinogradForward#candidates}).
     *
     * @param geometry   the call's geometry
     * @param threads    the threads it may run on
     * @param candidates its candidates, the default included (2 to {@value #MAX_CANDIDATES})
     */
    record Key(WinogradGeometry geometry, int threads, int candidates) {
        Key {
            if (candidates < 2 || candidates > MAX_CANDIDATES) {
                throw new IllegalArgumentException("a key has 2 to " + MAX_CANDIDATES + " candidates, got "
                        + candidates);
            }
        }
    }

    private static final WinogradBlockChooser SHARED = new WinogradBlockChooser();

    private final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();

    /** @return the chooser every Winograd call uses */
    static WinogradBlockChooser shared() {
        return SHARED;
    }

    /** @return the candidate of the next call of {@code key}, timed or not */
    Trial begin(Key key) {
        State s = states.get(key);
        if (s == null) {
            if (states.size() >= MAX_KEYS) {
                return untimed(DEFAULT);
            }
            s = states.computeIfAbsent(key, k -> new State(k.candidates()));
        }
        return s.begin();
    }

    /** @return the candidate chosen for {@code key}, or -1 while it is untracked or before its first choice */
    int chosen(Key key) {
        State s = states.get(key);
        return s == null ? -1 : s.chosen;
    }

    /** One key's calls so far, the samples of its current or last trial and the choice of its last. */
    static final class State {
        private final int candidates;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicInteger recorded = new AtomicInteger();
        /** Sample r of candidate c at {@code r·candidates + c}: a trial's calls run the candidates in turn. */
        private final AtomicLongArray nanos;
        /** The call that starts the current or next trial. */
        private volatile long trialStart = UNTIMED_CALLS;
        private volatile int chosen = -1;

        State(int candidates) {
            this.candidates = candidates;
            this.nanos = new AtomicLongArray(SAMPLES * candidates);
        }

        Trial begin() {
            long call = calls.getAndIncrement() - trialStart - (long) WARM_ROUNDS * candidates;
            if (call >= -(long) WARM_ROUNDS * candidates && call < 0) {
                return untimed((int) (call + (long) WARM_ROUNDS * candidates) % candidates);
            }
            if (call >= 0 && call < nanos.length()) {
                int slot = (int) call;   // the call's place among the trial's timed ones is its slot
                return new Trial(slot % candidates, this, slot, System.nanoTime());
            }
            int c = chosen;
            return untimed(c < 0 ? DEFAULT : c);
        }

        void record(int slot, long time) {
            nanos.set(slot, Math.max(1, time));
            if (recorded.incrementAndGet() == nanos.length()) {
                recorded.set(0);
                chosen = choose();
                long start = trialStart;
                trialStart = start + Math.min(MAX_TRIAL_GAP, (TRIAL_GAP_FACTOR - 1) * start);
            }
        }

        private int choose() {
            long[] medians = new long[candidates];
            long[] times = new long[SAMPLES];
            for (int c = 0; c < candidates; c++) {
                for (int r = 0; r < SAMPLES; r++) {
                    times[r] = nanos.get(r * candidates + c);
                }
                Arrays.sort(times);
                medians[c] = times[SAMPLES / 2];
            }
            int best = DEFAULT;
            for (int c = 1; c < candidates; c++) {
                if (medians[c] * 100 < medians[DEFAULT] * (100 - TIE_PERCENT) && medians[c] < medians[best]) {
                    best = c;
                }
            }
            return best;
        }
    }
}
