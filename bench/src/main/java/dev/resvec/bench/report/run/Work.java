package dev.resvec.bench.report.run;

import dev.resvec.bench.report.Figure;
import dev.resvec.bench.report.Stats;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call of a job does, to turn its times into figures: floating-point operations (GFLOP/s), bytes moved
 * (GB/s), images (images/s), and which figure is the row's primary one. Each sample (seconds per call) becomes one
 * sample of every figure; medians and intervals are taken per figure (order statistics commute with these
 * monotone maps, up to the averaging of an even count's two middle samples).
 *
 * @param primary   {@link #TIME}, {@link #GFLOPS}, {@link #GBPS} or {@link #IMAGES}
 * @param timeUnit  {@code ms} or {@code µs}: the unit of the time figure; null for none (the limit probes, whose
 *                  "call" is one thread's share of the work)
 * @param flops     per call, 0 when it does not apply
 * @param bytes     per call, 0 when it does not apply
 * @param images    per call, 0 when it does not apply
 */
public record Work(String primary, String timeUnit, double flops, double bytes, double images) {
    public static final String TIME = "time";
    public static final String GFLOPS = "GFLOP/s";
    public static final String GBPS = "GB/s";
    public static final String IMAGES = "images/s";

    public Work {
        if (timeUnit != null && !timeUnit.equals("ms") && !timeUnit.equals("µs")) {
            throw new IllegalArgumentException("time unit must be ms or µs, got " + timeUnit);
        }
        boolean ok = switch (primary) {
            case TIME -> timeUnit != null;
            case GFLOPS -> flops > 0;
            case GBPS -> bytes > 0;
            case IMAGES -> images > 0;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("primary figure " + primary + " without the work it needs");
        }
    }

    /** @return the figures of these samples (seconds per call), the primary first */
    public List<Figure> figures(double[] secondsPerCall) {
        List<Figure> figures = new ArrayList<>();
        figures.add(figure(primary, secondsPerCall));
        for (String name : List.of(TIME, GFLOPS, GBPS, IMAGES)) {
            if (!name.equals(primary) && applies(name)) {
                figures.add(figure(name, secondsPerCall));
            }
        }
        return figures;
    }

    private boolean applies(String name) {
        return switch (name) {
            case GFLOPS -> flops > 0;
            case GBPS -> bytes > 0;
            case IMAGES -> images > 0;
            default -> timeUnit != null;
        };
    }

    private Figure figure(String name, double[] secondsPerCall) {
        double[] values = new double[secondsPerCall.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(name, secondsPerCall[i]);
        }
        return Stats.figure(name, name.equals(TIME) ? timeUnit : name, values, !name.equals(TIME));
    }

    /** @return one call's figure of that name, from its time */
    public double value(String name, double secondsPerCall) {
        return switch (name) {
            case TIME -> secondsPerCall * (timeUnit.equals("ms") ? 1e3 : 1e6);
            case GFLOPS -> flops / secondsPerCall / 1e9;
            case GBPS -> bytes / secondsPerCall / 1e9;
            case IMAGES -> images / secondsPerCall;
            default -> throw new IllegalArgumentException("unknown figure " + name);
        };
    }
}
