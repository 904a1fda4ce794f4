package dev.resvec.cli;

import dev.resvec.nn.io.AtomicFiles;
import dev.resvec.nn.train.TrainingHistory;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The training history as a PNG: two XChart line charts side by side, loss (left) and accuracy (right) per epoch,
 * each with the training and the held-out series (a held-out series is left out when there was no held-out set).
 */
final class HistoryChart {
    /** The image size in pixels. */
    static final int WIDTH = 1000;
    static final int HEIGHT = 420;

    private HistoryChart() {}

    /** Renders the chart and writes it atomically (a temporary file in the same directory, then a move). */
    static void write(TrainingHistory history, Path file) throws IOException {
        BufferedImage img = render(history);
        AtomicFiles.replace(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
        });
    }

    static BufferedImage render(TrainingHistory history) {
        XYChart loss = chart("Loss", "cross-entropy", history.trainLoss(), history.validationLoss());
        XYChart accuracy = chart("Accuracy", "fraction correct", history.trainAccuracy(),
                history.validationAccuracy());
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(accuracy), WIDTH / 2, 0, null);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static XYChart chart(String title, String yTitle, double[] train, double[] heldOut) {
        XYChart chart = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        addSeries(chart, "train", train);
        addSeries(chart, "held-out", heldOut);
        return chart;
    }

    /** Adds the finite points of a per-epoch series (epochs count from 1); an empty series is left out. */
    private static void addSeries(XYChart chart, String name, double[] values) {
        int[] finite = IntStream.range(0, values.length).filter(e -> Double.isFinite(values[e])).toArray();
        if (finite.length == 0) {
            return;
        }
        double[] x = new double[finite.length];
        double[] y = new double[finite.length];
        for (int i = 0; i < finite.length; i++) {
            x[i] = finite[i] + 1;
            y[i] = values[finite[i]];
        }
        chart.addSeries(name, x, y);
    }
}
