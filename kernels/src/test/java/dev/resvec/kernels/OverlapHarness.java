package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Drives one kernel entry through every way two of its arrays can be one array, for the {@link Overlap} rules:
 * for each output and each other argument of the same element type,
 * <ul>
 *   <li>exactly the same elements (same offset and length): where the entry computes in place, the call must give
 *       bitwise what separate arrays give (the output's initial values set to the input's, for in-out arrays);
 *       elsewhere it must be rejected;</li>
 *   <li>shifted so that they share some elements but not all: rejected, with an {@link IllegalArgumentException}
 *       naming both arguments and both element ranges, and nothing written;</li>
 *   <li>side by side in one array (sharing none): legal, and the same result as separate arrays.</li>
 * </ul>
 * Arrays are drawn from a seeded {@link Random}; offsets and the data differ per case.
 */
final class OverlapHarness {
    private OverlapHarness() {}

    /** What a call does with an argument. */
    enum Role { IN, OUT, INOUT }

    /** Draws an argument's initial values into {@code array[off .. off + length)}. */
    @FunctionalInterface
    interface Fill {
        void fill(Object array, int off, int length, Random rnd);
    }

    /** Runs the entry on {@code arrays[i]} from {@code offsets[i]}, arguments in {@link Op#args()}' order. */
    @FunctionalInterface
    interface Call {
        void run(Object[] arrays, int[] offsets);
    }

    /**
     * An argument of the entry.
     *
     * @param name   its name, as the entry's error messages use it
     * @param type   {@code float.class}, {@code double.class} or {@code int.class}
     * @param length the elements it spans
     */
    record Arg(String name, Class<?> type, int length, Role role, Fill fill) {
        boolean writes() {
            return role != Role.IN;
        }
    }

    /**
     * An entry in one configuration.
     *
     * @param name    for messages
     * @param inPlace the legal exact aliases, as {@code "output=input"}
     */
    record Op(String name, List<Arg> args, Call call, Set<String> inPlace) {
        Arg arg(int i) {
            return args.get(i);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Arg in(String name, Class<?> type, int length) {
        return new Arg(name, type, length, Role.IN, OverlapHarness::uniform);
    }

    static Arg out(String name, Class<?> type, int length) {
        return new Arg(name, type, length, Role.OUT, OverlapHarness::uniform);
    }

    static Arg inOut(String name, Class<?> type, int length) {
        return new Arg(name, type, length, Role.INOUT, OverlapHarness::uniform);
    }

    /** Values in [-1, 1]. */
    static void uniform(Object array, int off, int length, Random rnd) {
        for (int i = 0; i < length; i++) {
            set(array, off + i, 2 * rnd.nextDouble() - 1);
        }
    }

    /** Values in [0.5, 1.5] (variances, inverse standard deviations). */
    static void positive(Object array, int off, int length, Random rnd) {
        for (int i = 0; i < length; i++) {
            set(array, off + i, 0.5 + rnd.nextDouble());
        }
    }

    /** The checks of every pair; returns how many exact aliases ran in place (so a caller can require some). */
    static int checkAll(Op op, long seed) {
        Random rnd = new Random(seed);
        int inPlaceRuns = 0;
        Set<String> seen = new TreeSet<>();
        for (int o = 0; o < op.args().size(); o++) {
            Arg out = op.arg(o);
            if (!out.writes()) {
                continue;
            }
            for (int i = 0; i < op.args().size(); i++) {
                Arg other = op.arg(i);
                if (i == o || other.type() != out.type() || (other.writes() && i < o)) {
                    continue; // another type cannot alias; a pair of outputs is checked once
                }
                String pair = out.name() + "=" + other.name();
                seen.add(pair);
                if (out.length() == other.length()) {
                    if (op.inPlace().contains(pair)) {
                        inPlace(op, o, i, rnd);
                        inPlaceRuns++;
                    } else {
                        rejected(op, o, i, 0, rnd);
                    }
                }
                for (int shift : shifts(out.length(), other.length(), rnd)) {
                    rejected(op, o, i, shift, rnd);
                }
                sideBySide(op, o, i, rnd);
            }
        }
        for (String legal : op.inPlace()) {
            assertTrue(seen.contains(legal), op.name() + ": " + legal + " is no pair of this entry");
        }
        return inPlaceRuns;
    }

    /**
     * Only the legal exact aliases of {@code op} (for large data, where the rejections would repeat what small data
     * showed): each gives what separate arrays give.
     */
    static void checkInPlace(Op op, long seed) {
        Random rnd = new Random(seed);
        for (String pair : op.inPlace()) {
            String[] names = pair.split("=");
            inPlace(op, index(op, names[0]), index(op, names[1]), rnd);
        }
    }

    private static int index(Op op, String name) {
        for (int a = 0; a < op.args().size(); a++) {
            if (op.arg(a).name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(op.name() + " has no argument " + name);
    }

    /** Shifts of the output against the other region that share some elements but not all of both. */
    private static List<Integer> shifts(int outLength, int otherLength, Random rnd) {
        // the output from other's offset + shift meets it iff -outLength < shift < otherLength
        Set<Integer> shifts = new TreeSet<>(List.of(1, -1, otherLength - 1, 1 - outLength,
                rnd.nextInt(outLength + otherLength - 1) - outLength + 1));
        List<Integer> partial = new ArrayList<>();
        for (int shift : shifts) {
            boolean meets = shift > -outLength && shift < otherLength;
            boolean exact = shift == 0 && outLength == otherLength;
            if (meets && !exact) {
                partial.add(shift);
            }
        }
        return partial;
    }

    /** A layout: every argument in an array of its own, from a small random offset, with a tail. */
    private static Object[] separate(Op op, int[] offsets, Random rnd) {
        Object[] arrays = new Object[op.args().size()];
        for (int a = 0; a < arrays.length; a++) {
            Arg arg = op.arg(a);
            offsets[a] = rnd.nextInt(4);
            arrays[a] = Array.newInstance(arg.type(), offsets[a] + arg.length() + 3);
            arg.fill().fill(arrays[a], offsets[a], arg.length(), rnd);
        }
        return arrays;
    }

    /**
     * Puts argument {@code o} into argument {@code i}'s array, {@code shift} elements after {@code i}'s offset,
     * keeping {@code i}'s values where they meet.
     */
    private static void join(Op op, Object[] arrays, int[] offsets, int o, int i, int shift) {
        Arg out = op.arg(o);
        Arg other = op.arg(i);
        int base = Math.max(0, -shift) + 2;
        Object joined = Array.newInstance(out.type(), base + Math.max(other.length(), shift + out.length()) + 3);
        System.arraycopy(arrays[o], offsets[o], joined, base + shift, out.length());
        System.arraycopy(arrays[i], offsets[i], joined, base, other.length());
        arrays[o] = joined;
        arrays[i] = joined;
        offsets[o] = base + shift;
        offsets[i] = base;
    }

    private static void inPlace(Op op, int o, int i, Random rnd) {
        int[] offsets = new int[op.args().size()];
        Object[] arrays = separate(op, offsets, rnd);
        // an in-out output starts as the input it is: the reference starts it there too
        System.arraycopy(arrays[i], offsets[i], arrays[o], offsets[o], op.arg(o).length());
        Object[] expected = copies(arrays);
        op.call().run(expected, offsets.clone());
        int[] aliasOffsets = offsets.clone();
        join(op, arrays, aliasOffsets, o, i, 0);
        String what = op.name() + " in place, " + op.arg(o).name() + " = " + op.arg(i).name();
        run(op, arrays, aliasOffsets, what);
        assertSameOutputs(op, expected, offsets, arrays, aliasOffsets, what);
    }

    private static void rejected(Op op, int o, int i, int shift, Random rnd) {
        int[] offsets = new int[op.args().size()];
        Object[] arrays = separate(op, offsets, rnd);
        join(op, arrays, offsets, o, i, shift);
        Object[] before = copies(arrays);
        Arg out = op.arg(o);
        Arg other = op.arg(i);
        String what = op.name() + ": " + out.name() + " at " + shift + " from " + other.name();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> op.call().run(arrays, offsets), what);
        String m = e.getMessage();
        boolean named = (m.contains(": " + out.name() + " (") && m.contains(" overlaps " + other.name() + " ("))
                || (m.contains(": " + other.name() + " (") && m.contains(" overlaps " + out.name() + " ("));
        assertTrue(named && m.contains(range(offsets[o], out.length())) && m.contains(range(offsets[i],
                other.length())) && m.contains("in the same array"), what + ": " + m);
        for (int a = 0; a < arrays.length; a++) {
            assertTrue(equal(before[a], arrays[a]), what + ": " + op.arg(a).name() + " was written before the error");
        }
    }

    /** Output o right after the other argument in one array: nothing shared, the same result as apart. */
    private static void sideBySide(Op op, int o, int i, Random rnd) {
        int[] offsets = new int[op.args().size()];
        Object[] arrays = separate(op, offsets, rnd);
        Object[] expected = copies(arrays);
        op.call().run(expected, offsets.clone());
        int[] joinedOffsets = offsets.clone();
        join(op, arrays, joinedOffsets, o, i, op.arg(i).length());
        String what = op.name() + ": " + op.arg(o).name() + " right after " + op.arg(i).name();
        run(op, arrays, joinedOffsets, what);
        assertSameOutputs(op, expected, offsets, arrays, joinedOffsets, what);
    }

    private static void run(Op op, Object[] arrays, int[] offsets, String what) {
        try {
            op.call().run(arrays, offsets);
        } catch (IllegalArgumentException e) {
            fail(what + ": rejected, " + e.getMessage());
        }
    }

    private static void assertSameOutputs(Op op, Object[] expected, int[] expectedOffsets, Object[] actual,
                                          int[] actualOffsets, String what) {
        for (int a = 0; a < op.args().size(); a++) {
            Arg arg = op.arg(a);
            if (arg.writes()) {
                Object want = Array.newInstance(arg.type(), arg.length());
                Object got = Array.newInstance(arg.type(), arg.length());
                System.arraycopy(expected[a], expectedOffsets[a], want, 0, arg.length());
                System.arraycopy(actual[a], actualOffsets[a], got, 0, arg.length());
                assertTrue(equal(want, got), what + ": " + arg.name() + " differs from separate arrays' result\n"
                        + "expected " + toString(want) + "\nbut was  " + toString(got));
            }
        }
    }

    private static String range(int off, int length) {
        return "elements " + off + ".." + (off + length - 1) + ")";
    }

    private static Object[] copies(Object[] arrays) {
        Object[] copy = new Object[arrays.length];
        for (int a = 0; a < arrays.length; a++) {
            // arrays that are one stay one in the copy
            int first = Arrays.asList(arrays).indexOf(arrays[a]);
            copy[a] = first < a ? copy[first] : copyOf(arrays[a]);
        }
        return copy;
    }

    private static Object copyOf(Object array) {
        int n = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }

    /** Bitwise (NaN equal to NaN, as {@link Arrays#equals(float[], float[])}). */
    private static boolean equal(Object a, Object b) {
        return switch (a) {
            case float[] f -> Arrays.equals(f, (float[]) b);
            case double[] d -> Arrays.equals(d, (double[]) b);
            case int[] n -> Arrays.equals(n, (int[]) b);
            default -> throw new IllegalArgumentException(a.getClass().toString());
        };
    }

    private static String toString(Object a) {
        return switch (a) {
            case float[] f -> Arrays.toString(f);
            case double[] d -> Arrays.toString(d);
            case int[] n -> Arrays.toString(n);
            default -> a.toString();
        };
    }

    private static void set(Object array, int index, double value) {
        switch (array) {
            case float[] f -> f[index] = (float) value;
            case double[] d -> d[index] = value;
            default -> throw new IllegalArgumentException("no values for " + array.getClass());
        }
    }

    /** For assertions in callers: the number of in-place runs a configuration must have made. */
    static void assertInPlaceRuns(int expected, int actual, String op) {
        assertEquals(expected, actual, op + ": in-place runs");
    }
}
