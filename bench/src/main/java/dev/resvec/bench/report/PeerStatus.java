package dev.resvec.bench.report;

/**
 * Whether a peer library ran, and what exactly ran.
 *
 * @param peer   e.g. {@code OpenBLAS}, {@code netlib-java}, {@code EJML}, {@code PyTorch}, {@code ONNX Runtime}
 * @param ran    true when it contributed rows
 * @param detail what ran (version, kernels, library path), or why it did not
 */
public record PeerStatus(String peer, boolean ran, String detail) {
    public PeerStatus {
        if (peer == null || peer.isBlank() || detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("a peer status needs a name and a detail");
        }
    }
}
