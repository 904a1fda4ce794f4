package dev.resvec.kernels.internal.conv;

/** Filters in the Winograd domain (G·g·Gᵀ per filter), in the layout the transformed-domain GEMMs read. Immutable. */
public final class WinogradFilter {
    // TODO: the Winograd helper defines the fields
}
