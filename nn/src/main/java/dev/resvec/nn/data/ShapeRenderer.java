package dev.resvec.nn.data;

import java.util.SplittableRandom;

/**
 * Renders one image of {@link EmbeddedShapes}: 3×32×32 floats in [0, 1].
 *
 * <p>The recipe, in the order the values are drawn from the image's generator:
 * <ol>
 *   <li>foreground and background colours, each channel uniform in [0, 1), redrawn together until they are at
 *       least {@value #MIN_CONTRAST} apart (Euclidean distance in RGB); a second background colour, each channel
 *       the first's plus a uniform offset in ±{@value #GRADIENT}, and the gradient's direction;</li>
 *   <li>the noise's standard deviation, uniform in [{@value #NOISE_MIN}, {@value #NOISE_MAX});</li>
 *   <li>the class's geometry ({@link #geometry}): rotation, size, centre, and for textures the period and
 *       phases;</li>
 *   <li>for each pixel, the foreground's coverage {@code a} in [0, 1] from a signed distance (a one-pixel linear ramp
 *       across edges anti-aliases them), the value {@code (1 − a)·background + a·foreground + noise}, clipped to
 *       [0, 1]; the noise of each value is the Irwin–Hall sum of four uniforms from one {@code nextLong()},
 *       scaled to unit variance (close to Gaussian, cheap, bounded by ±2√3σ).</li>
 * </ol>
 */
final class ShapeRenderer {
    static final double MIN_CONTRAST = 0.4;
    static final double GRADIENT = 0.2;
    static final double NOISE_MIN = 0.03;
    static final double NOISE_MAX = 0.12;

    private static final int S = EmbeddedShapes.SIDE;
    private static final double TWO_PI = 2 * Math.PI;
    private static final double TILT = Math.toRadians(14);
    private static final int SHAPES = 6;

    private ShapeRenderer() {}

    /** The drawn geometry of one image: rotation, centre, size and texture parameters. */
    private record Geometry(double cos, double sin, double cx, double cy, double scale, double hx, double hy,
                            double period, double phaseU, double phaseV, double dotRadius) {}

    static void render(long imageSeed, int label, float[] dst, int off) {
        SplittableRandom rng = new SplittableRandom(imageSeed);
        double[] fg = new double[3];
        double[] bg = new double[3];
        do {
            for (int c = 0; c < 3; c++) {
                fg[c] = rng.nextDouble();
                bg[c] = rng.nextDouble();
            }
        } while (dist(fg, bg) < MIN_CONTRAST);
        double[] bg2 = new double[3];
        for (int c = 0; c < 3; c++) {
            bg2[c] = clamp01(bg[c] + (2 * rng.nextDouble() - 1) * GRADIENT);
        }
        double gAngle = rng.nextDouble() * TWO_PI;
        double gx = StrictMath.cos(gAngle) / S;
        double gy = StrictMath.sin(gAngle) / S;
        double sigma = NOISE_MIN + (NOISE_MAX - NOISE_MIN) * rng.nextDouble();
        Geometry g = geometry(label, rng);
        int plane = S * S;
        for (int y = 0; y < S; y++) {
            double dy = y + 0.5 - g.cy;
            double py = y + 0.5 - S / 2.0;
            for (int x = 0; x < S; x++) {
                double dx = x + 0.5 - g.cx;
                double a = coverage(label, g, dx, dy);
                double t = clamp01(0.5 + (x + 0.5 - S / 2.0) * gx + py * gy);
                int p = off + y * S + x;
                for (int c = 0; c < 3; c++) {
                    double b = bg[c] + (bg2[c] - bg[c]) * t;
                    double v = b + (fg[c] - b) * a + sigma * noise(rng);
                    dst[p + c * plane] = (float) clamp01(v);
                }
            }
        }
    }

    /** Draws the geometry of a class: shapes rotate freely; stripes keep their orientation within ±{@link #TILT}. */
    private static Geometry geometry(int label, SplittableRandom rng) {
        double angle;
        if (label == 6) {
            angle = (2 * rng.nextDouble() - 1) * TILT;
        } else if (label == 7) {
            angle = Math.PI / 2 + (2 * rng.nextDouble() - 1) * TILT;
        } else {
            angle = rng.nextDouble() * TWO_PI;
        }
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        if (label < SHAPES) {
            double r = 7 + 6 * rng.nextDouble();
            double cx = centre(r * 0.8, rng);
            double cy = centre(r * 0.8, rng);
            return new Geometry(cos, sin, cx, cy, r, 0, 0, 0, 0, 0, 0);
        }
        double hx = 7 + 8 * rng.nextDouble();
        double hy = 7 + 8 * rng.nextDouble();
        double cx = centre(hx * 0.8, rng);
        double cy = centre(hy * 0.8, rng);
        double period;
        double dotRadius = 0;
        if (label <= 7) {
            period = 4 + 4 * rng.nextDouble();
        } else if (label == 8) {
            period = 3.5 + 3 * rng.nextDouble();
        } else {
            period = 5 + 3 * rng.nextDouble();
            dotRadius = 1.2 + (0.32 * period - 1.2) * rng.nextDouble();
        }
        double phaseU = rng.nextDouble();
        double phaseV = rng.nextDouble();
        return new Geometry(cos, sin, cx, cy, 0, hx, hy, period, phaseU, phaseV, dotRadius);
    }

    /** @return a centre coordinate uniform in [margin, S − margin] (the middle when the margin exceeds half) */
    private static double centre(double margin, SplittableRandom rng) {
        double span = Math.max(0, S - 2 * margin);
        return S / 2.0 - span / 2 + span * rng.nextDouble();
    }

    /**
     * @return the foreground's coverage of the pixel whose centre is ({@code dx}, {@code dy}) from the geometry's
     *         centre
     */
    private static double coverage(int label, Geometry g, double dx, double dy) {
        double u = g.cos * dx + g.sin * dy;
        double v = -g.sin * dx + g.cos * dy;
        if (label < SHAPES) {
            return ramp(shapeDistance(label, u / g.scale, v / g.scale) * g.scale);
        }
        double window = ramp(Math.max(Math.abs(dx) - g.hx, Math.abs(dy) - g.hy));
        if (window == 0) {
            return 0;
        }
        double p = g.period;
        double pattern = switch (label) {
            // stripes across v: sd ≈ −sin / |gradient of the phase|
            case 6, 7 -> clamp01(0.5 + StrictMath.sin(TWO_PI * (v / p + g.phaseV)) * p / TWO_PI);
            case 8 -> {
                // squares of side p: foreground where the cell indices have an even sum, the distance to the
                // nearest cell edge anti-aliasing the boundary
                double fu = u / p + g.phaseU;
                double fv = v / p + g.phaseV;
                double edge = Math.min(Math.abs(fu - Math.rint(fu)), Math.abs(fv - Math.rint(fv))) * p;
                boolean even = ((long) Math.floor(fu) + (long) Math.floor(fv) & 1) == 0;
                yield ramp(even ? -edge : edge);
            }
            default -> {
                double fu = u / p + g.phaseU;
                double fv = v / p + g.phaseV;
                double du = (fu - Math.floor(fu) - 0.5) * p;
                double dv = (fv - Math.floor(fv) - 0.5) * p;
                yield ramp(Math.sqrt(du * du + dv * dv) - g.dotRadius);
            }
        };
        return window * pattern;
    }

    /** @return the signed distance (in units of the shape's radius) from the unit shape of a class, negative inside */
    private static double shapeDistance(int label, double u, double v) {
        double au = Math.abs(u);
        double av = Math.abs(v);
        return switch (label) {
            case 0 -> Math.sqrt(u * u + v * v) - 1;
            case 1 -> Math.max(au, av) - 0.8;
            case 2 -> {
                // equilateral triangle, circumradius 1.15, inradius 0.575; edge normals at −90°, 30°, 150°
                double n1 = -v;
                double n2 = 0.8660254037844386 * u + 0.5 * v;
                double n3 = -0.8660254037844386 * u + 0.5 * v;
                yield Math.max(n1, Math.max(n2, n3)) - 0.575;
            }
            case 3 -> Math.min(Math.max(au - 1, av - 0.28), Math.max(au - 0.28, av - 1));
            case 4 -> Math.abs(Math.sqrt(u * u + v * v) - 0.78) - 0.22;
            default -> {
                // five-pointed star: radius 1.1 at the points, 0.45 between them, linear in the angle
                double sector = TWO_PI / 5;
                double phi = StrictMath.atan2(v, u) + Math.PI;
                double t = (phi % sector) / sector;
                double radius = 0.45 + 0.65 * Math.abs(2 * t - 1);
                yield Math.sqrt(u * u + v * v) - radius;
            }
        };
    }

    /** @return coverage from a signed distance in pixels: 1 inside, 0 outside, linear over one pixel */
    private static double ramp(double sd) {
        return clamp01(0.5 - sd);
    }

    private static double noise(SplittableRandom rng) {
        long r = rng.nextLong();
        long sum = (r & 0xFFFF) + ((r >>> 16) & 0xFFFF) + ((r >>> 32) & 0xFFFF) + (r >>> 48);
        // four uniforms on [0, 1): mean 2, variance 4/12; centred and scaled to variance 1
        return (sum * (1.0 / 65536) - 2) * 1.7320508075688772;
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            s += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return Math.sqrt(s);
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
