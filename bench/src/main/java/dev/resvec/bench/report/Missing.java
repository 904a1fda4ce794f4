package dev.resvec.bench.report;

/**
 * A peer, or a part of a section, that the report could not run, and why — named in the report, never dropped.
 *
 * @param what   e.g. {@code PyTorch} or {@code OpenBLAS SkylakeX}
 * @param reason e.g. {@code import torch failed: No module named 'torch'}
 */
public record Missing(String what, String reason) {
    public Missing {
        if (what == null || what.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a missing entry needs what and why, got '" + what + "', '" + reason
                    + "'");
        }
    }
}
