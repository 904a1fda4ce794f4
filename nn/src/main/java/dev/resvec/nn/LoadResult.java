package dev.resvec.nn;

import java.util.List;

/**
 * What a non-strict {@link Module#loadStateDict(java.util.Map, boolean)} skipped: PyTorch's
 * {@code _IncompatibleKeys}.
 *
 * @param missingKeys    keys of the module that the state dict did not have (those kept their values)
 * @param unexpectedKeys keys of the state dict that the module does not have (ignored)
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    /** Copies the lists (unmodifiable). */
    public LoadResult {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    /** @return whether every key matched */
    public boolean isExact() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }
}
