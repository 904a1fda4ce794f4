package dev.resvec.bench.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The report's and the comparison's PNG charts, drawn with XChart (bar charts with the confidence interval as error
 * bars). Every chart is {@link #WIDTH} × {@link #HEIGHT} pixels. The y axes are linear: XChart's logarithmic axis
 * refuses the gaps of a case that one implementation lacks, and the tables carry the exact figures.
 */
public final class Charts {
    /** Width of every chart in pixels. */
    public static final int WIDTH = 1100;
    /** Height of every chart in pixels. */
    public static final int HEIGHT = 600;

    private Charts() {}

    /**
     * One section at one thread key: a group of bars per case, a bar per implementation, the height its rate
     * figure (GFLOP/s, GB/s, images/s: higher is better in every chart), error bars half the CI's width (on
     * implementations measured in every case of the chart: XChart draws none on a series with gaps).
     *
     * @return the chart, or null when no row of that thread key has a rate
     */
    public static BufferedImage section(Section s, String threadsKey, String title) {
        List<Row> rows = s.rows().stream().filter(r -> r.threadsKey().equals(threadsKey) && r.rate() != null)
                .toList();
        if (rows.isEmpty()) {
            return null;
        }
        String unit = rows.get(0).rate().unit();
        rows = rows.stream().filter(r -> r.rate().unit().equals(unit)).toList();
        Set<String> cases = new LinkedHashSet<>();
        Set<String> impls = new LinkedHashSet<>();
        rows.forEach(r -> {
            cases.add(r.caseName());
            impls.add(r.impl());
        });
        CategoryChart chart = chart(title, unit + " (higher is better)");
        List<String> x = List.copyOf(cases);
        for (String impl : impls) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String c : x) {
                Figure f = rows.stream().filter(r -> r.impl().equals(impl) && r.caseName().equals(c)).findFirst()
                        .map(Row::rate).orElse(null);
                y.add(f == null ? null : f.median());
                err.add(f == null ? 0.0 : (f.ciHigh() - f.ciLow()) / 2);
            }
            if (y.contains(null)) {
                chart.addSeries(impl, x, y); // XChart cannot draw error bars on a series with gaps
            } else {
                chart.addSeries(impl, x, y, err);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * One section of a comparison: a bar per matched row, the height B's speed over A's, coloured by the noise
     * rule (faster, slower, within noise).
     *
     * @return the chart, or null when the section has no pair with a ratio
     */
    public static BufferedImage comparison(Comparison c, String sectionId, String title) {
        List<Comparison.Pair> pairs = c.pairs(sectionId).stream().filter(p -> !Double.isNaN(p.ratio())).toList();
        if (pairs.isEmpty()) {
            return null;
        }
        CategoryChart chart = chart(title, c.labelB() + " speed / " + c.labelA() + " speed");
        chart.getStyler().setOverlapped(true);
        List<String> x = new ArrayList<>();
        for (Comparison.Pair p : pairs) {
            Row r = p.a();
            x.add(String.format(Locale.ROOT, "%s · %s · %s", r.caseName(), r.impl(),
                    r.threadsKey().equals("1") ? "1T" : r.threadsKey() + "T"));
        }
        String[] verdicts = {"B faster", "B slower", "within noise"};
        Color[] colors = {new Color(0x2E7D32), new Color(0xC62828), new Color(0x9E9E9E)};
        for (int v = 0; v < verdicts.length; v++) {
            List<Double> y = new ArrayList<>();
            boolean any = false;
            for (Comparison.Pair p : pairs) {
                int verdict = p.withinNoise() ? 2 : p.ratio() >= 1 ? 0 : 1;
                y.add(verdict == v ? p.ratio() : null);
                any |= verdict == v;
            }
            if (any) {
                chart.addSeries(verdicts[v].replace("B", c.labelB()), x, y).setFillColor(colors[v]);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setAvailableSpaceFill(0.8);
        return chart;
    }
}
