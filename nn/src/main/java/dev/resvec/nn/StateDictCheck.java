package dev.resvec.nn;

import dev.resvec.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Matches a state dict against a module's slots before anything is copied, so that a load either succeeds as a
 * whole or changes nothing, and so that one error names every kind of problem (a mismatched checkpoint rarely has
 * just one): the count of missing, unexpected and mis-shaped keys, each list cut to its first {@link #LISTED}.
 */
final class StateDictCheck {
    /** Keys named per list; a depth mismatch misses dozens, which would bury the message in one long line. */
    static final int LISTED = 10;

    private StateDictCheck() {}

    static LoadResult check(String moduleName, Map<String, TensorSlot> slots, Map<String, Tensor> state,
                            boolean strict) {
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (Map.Entry<String, TensorSlot> e : slots.entrySet()) {
            String key = e.getKey();
            if (!state.containsKey(key)) {
                missing.add(key);
                continue;
            }
            Tensor v = state.get(key);
            int[] expected = e.getValue().shape();
            if (v == null) {
                misShaped.add(key + ": expected " + Arrays.toString(expected) + ", got null");
            } else if (!Arrays.equals(expected, v.shape())) {
                misShaped.add(key + ": expected " + Arrays.toString(expected) + ", got " + Arrays.toString(v.shape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) {
            if (!slots.containsKey(key)) {
                unexpected.add(String.valueOf(key));
            }
        }
        boolean fail = !misShaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()));
        if (fail) {
            StringBuilder sb = new StringBuilder("loadStateDict: the state dict does not match " + moduleName + " ("
                    + slots.size() + " keys expected, " + state.size() + " given)");
            if (strict) {
                list(sb, "missing", missing);
                list(sb, "unexpected", unexpected);
            }
            list(sb, "mis-shaped", misShaped);
            throw new IllegalArgumentException(sb.toString());
        }
        return new LoadResult(missing, unexpected);
    }

    private static void list(StringBuilder sb, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            sb.append("; ").append(keys.size()).append(' ').append(what).append(keys.size() == 1 ? " key: " : " keys: ")
                    .append(String.join(", ", keys.subList(0, Math.min(LISTED, keys.size()))));
            if (keys.size() > LISTED) {
                sb.append(" … and ").append(keys.size() - LISTED).append(" more");
            }
        }
    }
}
