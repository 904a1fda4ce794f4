package dev.resvec.nn.optim;

/** Argument checks shared by the optimizers and schedules: IllegalArgumentException naming what was expected. */
final class Checks {
    private Checks() {}

    static void finite(String owner, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(owner + ": expected a finite " + what + ", got " + v);
        }
    }

    static void nonNegative(String owner, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(owner + ": expected a finite " + what + " >= 0, got " + v);
        }
    }

    static void positive(String owner, String what, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(owner + ": expected " + what + " > 0, got " + v);
        }
    }

    /** A schedule's step and base rate. */
    static void scheduleArgs(String owner, double baseLr, int step) {
        if (step < 0) {
            throw new IllegalArgumentException(owner + ": expected a step >= 0, got " + step);
        }
        nonNegative(owner, "base learning rate", baseLr);
    }
}
