package dev.resvec.nn.resnet;

/**
 * The options of the {@link ResNets} factories, immutable: each setter returns a modified copy.
 * <pre>{@code
 * ResNet small = ResNets.resnet18(10, ResNetOptions.defaults().baseWidth(8).seed(42).preActivation(true));
 * }</pre>
 * <ul>
 *   <li>{@code baseWidth} w: the stem has w channels and the stages w·[1, 2, 4, 8] planes (CIFAR: w·[1, 2, 4]);
 *       bottleneck units have an inner width of planes and 4·planes outputs. 0 (the default) means the family's
 *       width: 64 for the ImageNet models (torchvision's models exactly), 16 for the CIFAR models (He et al.
 *       2015, §4.2).</li>
 *   <li>{@code zeroInitResidual}: start every residual branch at zero (the last BN's γ in v1, as torchvision's
 *       {@code zero_init_residual}; the last convolution's weight in v2, as timm's {@code zero_init_last}), so each
 *       unit starts as its shortcut. Default false, as torchvision.</li>
 *   <li>{@code seed}: the initialisation seed (default 0); see {@link ResNet} for the rules.</li>
 *   <li>{@code preActivation}: build ResNet v2 (pre-activation units) instead of v1. Default false.</li>
 * </ul>
 */
public final class ResNetOptions {
    private static final ResNetOptions DEFAULTS = new ResNetOptions(0, false, 0, false);

    private final int baseWidth;
    private final boolean zeroInitResidual;
    private final long seed;
    private final boolean preActivation;

    private ResNetOptions(int baseWidth, boolean zeroInitResidual, long seed, boolean preActivation) {
        this.baseWidth = baseWidth;
        this.zeroInitResidual = zeroInitResidual;
        this.seed = seed;
        this.preActivation = preActivation;
    }

    /** @return the defaults: the family's width, no zero init, seed 0, post-activation (v1) */
    public static ResNetOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param baseWidth the stem width w (stages w·[1, 2, 4, 8]); 0 for the family's default
     * @return a copy with this base width
     * @throws IllegalArgumentException when negative
     */
    public ResNetOptions baseWidth(int baseWidth) {
        if (baseWidth < 0) {
            throw new IllegalArgumentException("ResNetOptions: expected a base width > 0 (or 0 for the family's"
                    + " default), got " + baseWidth);
        }
        return new ResNetOptions(baseWidth, zeroInitResidual, seed, preActivation);
    }

    /** @return a copy with zero-initialised residual branches on or off */
    public ResNetOptions zeroInitResidual(boolean zeroInitResidual) {
        return new ResNetOptions(baseWidth, zeroInitResidual, seed, preActivation);
    }

    /** @return a copy with this initialisation seed */
    public ResNetOptions seed(long seed) {
        return new ResNetOptions(baseWidth, zeroInitResidual, seed, preActivation);
    }

    /** @return a copy building pre-activation (v2, true) or post-activation (v1, false) units */
    public ResNetOptions preActivation(boolean preActivation) {
        return new ResNetOptions(baseWidth, zeroInitResidual, seed, preActivation);
    }

    /** @return the base width, 0 meaning the family's default */
    public int baseWidth() {
        return baseWidth;
    }

    /** @return whether residual branches start at zero */
    public boolean zeroInitResidual() {
        return zeroInitResidual;
    }

    /** @return the initialisation seed */
    public long seed() {
        return seed;
    }

    /** @return whether the units are pre-activation (v2) */
    public boolean preActivation() {
        return preActivation;
    }

    @Override
    public String toString() {
        return "ResNetOptions[baseWidth=" + (baseWidth == 0 ? "default" : baseWidth) + ", zeroInitResidual="
                + zeroInitResidual + ", seed=" + seed + ", preActivation=" + preActivation + "]";
    }
}
