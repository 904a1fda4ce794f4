package dev.resvec.core.testing;

/** The fixed seed of every property in this module: CI runs the same tries on every run. */
final class PropertySeeds {
    static final String SEED = "20240603";

    private PropertySeeds() {}
}
