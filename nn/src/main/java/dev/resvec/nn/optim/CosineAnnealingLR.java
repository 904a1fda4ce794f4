package dev.resvec.nn.optim;

/**
 * Cosine annealing from the base rate down to {@code etaMin} over {@code tMax} steps, PyTorch's
 * {@code CosineAnnealingLR} (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html,
 * after Loshchilov &amp; Hutter, "SGDR", 2017) in its closed form:
 * {@code lr(t) = etaMin + (baseLr − etaMin)·(1 + cos(π·t / tMax)) / 2}. Step {@code tMax} reaches {@code etaMin};
 * beyond it the formula goes on (the rate climbs back, as PyTorch's closed form does), so set {@code tMax} to the
 * number of steps trained.
 *
 * @param tMax   the length of the half period in steps, {@code > 0}
 * @param etaMin the lowest rate, finite and {@code >= 0}
 */
public record CosineAnnealingLR(int tMax, double etaMin) implements LrSchedule {
    /** @throws IllegalArgumentException when {@code tMax <= 0} or {@code etaMin} is negative or not finite */
    public CosineAnnealingLR {
        Checks.positive("CosineAnnealingLR", "tMax", tMax);
        Checks.nonNegative("CosineAnnealingLR", "etaMin", etaMin);
    }

    /** Anneals to 0 (PyTorch's default {@code eta_min}). */
    public CosineAnnealingLR(int tMax) {
        this(tMax, 0);
    }

    @Override
    public double lr(double baseLr, int step) {
        Checks.scheduleArgs("CosineAnnealingLR", baseLr, step);
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
