package dev.resvec.kernels;

/**
 * Which kernel implementation this JVM runs, chosen once at first use (see {@link Kernels#provider()}).
 *
 * @param name       {@code "vector"} (the Vector API kernels) or {@code "scalar"} (the plain-Java twins)
 * @param vectorBits the float species width in bits of the vector provider; 0 for the scalar provider
 * @param fma        whether the vector kernels use fused multiply-add (only where the CPU has it in hardware)
 * @param reason     why this provider was chosen, e.g. "forced by -Dresvec.kernels=scalar"
 */
public record KernelProvider(String name, int vectorBits, boolean fma, String reason) {

    /** @return true for the Vector API provider */
    public boolean isVector() {
        return "vector".equals(name);
    }

    /** @return the number of float lanes per vector, or 1 for the scalar provider */
    public int floatLanes() {
        return isVector() ? vectorBits / Float.SIZE : 1;
    }

    /** @return one human-readable line, e.g. {@code vector provider, 256-bit species (8 floats), FMA on} */
    public String describe() {
        return isVector()
                ? "vector provider, " + vectorBits + "-bit species (" + floatLanes() + " floats), FMA "
                        + (fma ? "on" : "off") + " (" + reason + ")"
                : "scalar provider (" + reason + ")";
    }
}
