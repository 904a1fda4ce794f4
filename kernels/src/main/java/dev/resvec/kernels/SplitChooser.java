package dev.resvec.kernels;

/**
 * Whether a parallel residual add (or add + ReLU) on the library's pool is split across threads or run whole on the
 * calling thread: per calling thread, size class (the power of two at or below n) and kind (in place: two arrays
 * streamed, not three), by timing both ways now and then and keeping the faster, as FFTW's planner and cuDNN's
 * benchmark mode choose among algorithms by timing them.
 *
 * <p>Why measure: a split pays once the half of the add it saves exceeds the hand-off to a helper and back, and that
 * cost is the machine's: 0.3-0.4 µs on a Xeon Emerald Rapids guest, where splitting pays from 32 KiB per operand
 * ({@link Elementwise#PARALLEL_THRESHOLD}); about 1.1 µs on a 2-vCPU Zen 5 guest (five cache-line transfers in a
 * row at about 220 ns), where one thread was faster up to 256 KiB (32 KiB in place: 1.4 µs split, 0.55 whole). No
 * fixed threshold suits both, and the cost moves with where the host runs the vCPUs.
 *
 * <p>How. Every {@value #TIMED_EVERY}th call of a class is timed and averaged into the estimate of its way
 * (nanoseconds per element): a faster call moves the estimate by 3/4 of the difference, a slower one by 1/4 and by
 * at most a factor {@value #MAX_RISE}, since timing noise only ever adds and one call that met a preempted helper
 * can take a hundred times the usual. Now and then a burst runs the other way, every call of it timed, until
 * {@value #BURST} calls in a row have not bettered its fastest by 5 % (at most {@value #MAX_BURST} calls); that
 * fastest replaces the way's estimate. A burst, not one call: the first calls after a change of way move the
 * operands between the cores' caches (Zen 5 guest, 1 MiB in place: split calls after whole ones took 60, 29, 17,
 * 15, 14, 13 µs, then 12.3), so a one-call probe would charge that to the way it probes and keep whatever way came
 * first. A split call counts towards its burst only once a helper ran a share of it: after
 * whole calls the helper has parked, and a halted vCPU took 25-535 µs to wake on that guest, during which the
 * caller runs both shares (a burst that no helper joins in {@value #MAX_HELPERLESS} calls ends unmeasured). The
 * {@value #SETTLE_CALLS} calls after a burst are not timed (the preferred way's lines move back). The gap between
 * bursts starts at {@value #MIN_GAP} calls and doubles, up to {@value #MAX_GAP}, each time a burst confirms the way
 * (a burst costs the preferred way's cache placement too), and falls back where one changes it. A split is
 * preferred until both ways are measured; calls before the first burst (the JIT's warm-up) are not timed.
 *
 * <p>A split in two is not always in halves: the helper starts its share a hand-off after the caller starts its own,
 * so the caller's part ({@link #callerPart}) moves, one step per timed split call, towards whichever share ended last
 * ({@link #balance}), between a half and three quarters.
 *
 * <p>Both ways compute every element with the same operations, so the choice changes the time, never a result. The
 * state is the calling thread's own: no line shared between threads that call at once.
 */
final class SplitChooser {
    /** Calls of a class between two timed ones (a power of two). */
    static final int TIMED_EVERY = 16;
    /** Calls of a class before its first burst. */
    static final int FIRST_BURST = 512;
    /** The shortest and the longest gap between the starts of two bursts, in calls of the class. */
    static final int MIN_GAP = 1024;
    static final int MAX_GAP = 1 << 16;
    /**
     * The fewest counted calls of a burst (every one timed), and how many in a row must not improve on its fastest
     * before it ends: the way has settled.
     */
    static final int BURST = 16;
    static final int MAX_BURST = 256;
    /**
     * The most one timed call raises an estimate, as a factor: a call that met a preempted helper can take a hundred
     * times the usual, and one such call must not flip the way; a way that has become slower still rises to it.
     */
    static final double MAX_RISE = 1.125;
    /** Calls after a burst that are not timed: the preferred way's lines move back, its helper may have parked. */
    static final int SETTLE_CALLS = 32;
    /** A call improves on a burst's fastest when it takes less than this fraction of it. */
    static final double IMPROVED = 0.95;
    /** Split calls of a burst with no helper in them before the burst is given up (no helper comes). */
    static final int MAX_HELPERLESS = 256;

    /** The unit of {@link #callerPart}: the caller's part of a split in two, in 256ths of the elements. */
    static final int PARTS = 256;
    /** The caller's least and greatest part: half, and three quarters (the helper keeps a quarter). */
    static final int MIN_CALLER_PART = PARTS / 2;
    static final int MAX_CALLER_PART = PARTS * 3 / 4;
    /** How far one timed split call moves the caller's part. */
    static final int PART_STEP = 2;

    /** Bit of {@link #next}: split the call. */
    static final int SPLIT = 1;
    /** Bit of {@link #next}: time the call and pass the time to {@link #done}. */
    static final int TIMED = 2;

    private static final int CLASSES = 2 * Integer.SIZE;
    private static final ThreadLocal<SplitChooser> THIS_THREADS = ThreadLocal.withInitial(SplitChooser::new);

    private final int[] calls = new int[CLASSES];
    /** Whether a burst is running, its counted calls and its helperless split calls so far. */
    private final boolean[] inBurst = new boolean[CLASSES];
    private final int[] burstCalls = new int[CLASSES];
    private final int[] helperless = new int[CLASSES];
    /** Counted calls of the current burst since the last that improved on its fastest. */
    private final int[] sinceBest = new int[CLASSES];
    /** The fastest of the current burst's counted calls, nanoseconds per element (0: none yet). */
    private final double[] burstBest = new double[CLASSES];
    /** The call that starts the next burst, and the gap to it (0: the class has not been seen). */
    private final int[] nextBurst = new int[CLASSES];
    private final int[] gap = new int[CLASSES];
    /** Whether the class's first burst has started (calls before it run while the JIT warms up: not timed). */
    private final boolean[] warm = new boolean[CLASSES];
    /** The caller's part of a split in two, in {@link #PARTS}ths (0: not yet moved from half). */
    private final int[] callerPart = new int[CLASSES];
    /** Nanoseconds per element, split and whole (0: not measured yet). */
    private final double[] splitNanos = new double[CLASSES];
    private final double[] wholeNanos = new double[CLASSES];

    /** @return the calling thread's chooser */
    static SplitChooser forThisThread() {
        return THIS_THREADS.get();
    }

    /**
     * The way of the next call of n elements (n ≥ 1).
     *
     * @return {@link #SPLIT} where the call should be split, plus {@link #TIMED} where it should be timed
     */
    int next(int n, boolean inPlace) {
        int c = classOf(n, inPlace);
        int call = calls[c]++;
        int preferred = prefersSplit(c) ? SPLIT : 0;
        if (gap[c] == 0) {
            gap[c] = MIN_GAP;
            nextBurst[c] = call + FIRST_BURST;
        }
        if (!inBurst[c] && call - nextBurst[c] >= 0) { // a difference, not the counts: right past overflow
            inBurst[c] = true;
            warm[c] = true;
        }
        if (inBurst[c]) {
            return (preferred ^ SPLIT) | TIMED;
        }
        boolean settled = call - (nextBurst[c] - gap[c] + SETTLE_CALLS) >= 0;
        return preferred | ((call & (TIMED_EVERY - 1)) == 0 && warm[c] && settled ? TIMED : 0);
    }

    /**
     * Reports a call made the way {@link #next} said.
     *
     * @param way       what {@link #next} returned for it
     * @param helperRan for a split call, whether a helper ran a share of it
     * @param nanos     its time where {@code way} has {@link #TIMED}, else ignored
     */
    void done(int n, boolean inPlace, int way, boolean helperRan, long nanos) {
        int c = classOf(n, inPlace);
        boolean split = (way & SPLIT) != 0;
        if (!inBurst[c]) {
            if ((way & TIMED) != 0) {
                double[] estimates = split ? splitNanos : wholeNanos;
                double perElement = (double) nanos / n, old = estimates[c];
                estimates[c] = old == 0 ? perElement
                        : perElement < old ? old + (perElement - old) * 0.75
                        : Math.min(old + (perElement - old) * 0.25, old * MAX_RISE);
            }
            return;
        }
        if (split && !helperRan) { // the helper is waking up: not yet what a split costs
            if (++helperless[c] >= MAX_HELPERLESS) {
                endBurst(c, false);
            }
            return;
        }
        double perElement = (double) nanos / n;
        if (burstBest[c] == 0 || perElement < IMPROVED * burstBest[c]) {
            sinceBest[c] = 0;
        } else {
            sinceBest[c]++;
        }
        burstBest[c] = burstBest[c] == 0 ? perElement : Math.min(burstBest[c], perElement);
        int counted = ++burstCalls[c];
        if (counted >= BURST && sinceBest[c] >= BURST || counted >= MAX_BURST) {
            endBurst(c, true);
        }
    }

    /** @return the caller's part of a split in two for n elements, in {@link #PARTS}ths */
    int callerPart(int n, boolean inPlace) {
        int part = callerPart[classOf(n, inPlace)];
        return part == 0 ? MIN_CALLER_PART : part;
    }

    /**
     * Moves the caller's part of class n's splits towards the balance: more where the helper's share ended after the
     * caller's, less where it ended first. The helper starts its share a hand-off later than the caller (about 0.3 µs
     * on one machine, 1.1 on another), so equal halves leave the caller waiting that long; the part settles where
     * both end together, whatever the machine's hand-off costs, and stays put while the way is whole.
     *
     * @param helperLast whether the helper's share of a timed split call ended after the caller's
     */
    void balance(int n, boolean inPlace, boolean helperLast) {
        int c = classOf(n, inPlace);
        int part = callerPart(n, inPlace) + (helperLast ? PART_STEP : -PART_STEP);
        callerPart[c] = Math.clamp(part, MIN_CALLER_PART, MAX_CALLER_PART);
    }

    /** Ends class c's burst; with {@code measured}, its best time replaces the estimate of the way it ran. */
    private void endBurst(int c, boolean measured) {
        boolean preferredBefore = prefersSplit(c);
        if (measured) {
            // replaced, not averaged: what the way costs once its lines have moved and its helper is running
            (preferredBefore ? wholeNanos : splitNanos)[c] = burstBest[c];
        }
        inBurst[c] = false;
        burstCalls[c] = 0;
        helperless[c] = 0;
        sinceBest[c] = 0;
        burstBest[c] = 0;
        gap[c] = prefersSplit(c) == preferredBefore ? Math.min(2 * gap[c], MAX_GAP) : MIN_GAP;
        nextBurst[c] = calls[c] + gap[c];
    }

    /** @return whether class c's calls split: until both ways are measured, and then where it is the faster */
    boolean prefersSplit(int c) {
        return splitNanos[c] == 0 || wholeNanos[c] == 0 || splitNanos[c] < wholeNanos[c];
    }

    /**
     * @return the class of n elements (n ≥ 1): twice the exponent of the power of two at or below n, plus 1 in place
     */
    static int classOf(int n, boolean inPlace) {
        return 2 * (Integer.SIZE - 1 - Integer.numberOfLeadingZeros(n)) + (inPlace ? 1 : 0);
    }
}
