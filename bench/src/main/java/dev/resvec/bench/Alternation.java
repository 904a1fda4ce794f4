package dev.resvec.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Two implementations of one computation timed in turns in one JVM: on this VM the ratio of two runs minutes apart
 * moves with its speed (up to 2× between JVMs, and within one JVM from one minute to the next), while adjacent rounds
 * see the same conditions. Each round times one side's calls for {@code roundMillis}, then the other's, with a
 * pause of {@value #PAUSE_MILLIS} ms before each (a native peer's worker threads spin for a while after a call); the
 * side that goes first alternates from round to round, so neither always follows the other's spinning threads. The
 * first {@code skip} rounds are warm-up. The per-round ratio is the other side's median call time over ours, i.e. our
 * speed over theirs; a median of an even count is the mean of the middle two.
 */
public final class Alternation {
    /** Untimed pause before each side's round, ms. */
    static final long PAUSE_MILLIS = 50;

    private Alternation() {}

    /**
     * The outcome of one alternation.
     *
     * @param oursMillis   our median call over the counted rounds, ms
     * @param theirsMillis the other side's, ms
     * @param lowestRatio  the lowest per-round ratio (our speed over theirs)
     * @param medianRatio  the median per-round ratio
     * @param highestRatio the highest
     */
    public record Outcome(double oursMillis, double theirsMillis, double lowestRatio, double medianRatio,
                          double highestRatio) {}

    /**
     * @throws IllegalArgumentException when rounds ≤ skip, skip &lt; 0 or roundMillis &lt; 1
     */
    public static Outcome compare(Runnable ours, Runnable theirs, int rounds, int skip, long roundMillis) {
        return compare(ours, round -> theirs, rounds, skip, roundMillis);
    }

    /**
     * As {@link #compare(Runnable, Runnable, int, int, long)}, the other side's call chosen per round (e.g. one of
     * several peer processes in turn, so that a process's own luck is averaged out).
     *
     * @param theirsOfRound the other side's call in round {@code r} (from 0)
     */
    public static Outcome compare(Runnable ours, IntFunction<Runnable> theirsOfRound, int rounds, int skip,
                                  long roundMillis) {
        if (skip < 0 || rounds <= skip || roundMillis < 1) {
            throw new IllegalArgumentException("Alternation: expected rounds > skip >= 0 and roundMillis >= 1, got"
                    + " rounds " + rounds + ", skip " + skip + ", roundMillis " + roundMillis);
        }
        List<Double> ourTimes = new ArrayList<>(), theirTimes = new ArrayList<>(), ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean counted = round >= skip, theirsFirst = round % 2 == 1;
            Runnable theirs = theirsOfRound.apply(round);
            double theirMedian = theirsFirst ? median(round(theirs, roundMillis, counted ? theirTimes : null)) : 0;
            double ourMedian = median(round(ours, roundMillis, counted ? ourTimes : null));
            if (!theirsFirst) {
                theirMedian = median(round(theirs, roundMillis, counted ? theirTimes : null));
            }
            if (counted) {
                ratios.add(theirMedian / ourMedian);
            }
        }
        return new Outcome(median(ourTimes), median(theirTimes), Collections.min(ratios), median(ratios),
                Collections.max(ratios));
    }

    /** Calls {@code call} for about {@code millis} ms; returns the calls' times in ms, also added to {@code kept}. */
    private static List<Double> round(Runnable call, long millis, List<Double> kept) {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Alternation interrupted", e);
        }
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        do {
            long t = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - t) / 1e6);
        } while (System.nanoTime() - start < millis * 1_000_000L);
        if (kept != null) {
            kept.addAll(times);
        }
        return times;
    }

    /**
     * @return {@code args[i]} as an integer of at least 1
     * @throws IllegalArgumentException naming the argument otherwise
     */
    static int positive(String[] args, int i, String name) {
        try {
            int v = Integer.parseInt(args[i]);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException(name + " must be an integer >= 1, got '" + args[i] + "'");
    }

    /** @return the median; of an even count, the mean of the middle two */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return (sorted.get((n - 1) / 2) + sorted.get(n / 2)) / 2;
    }
}
