package dev.resvec.cli;

import dev.resvec.nn.train.TrainingHistory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the training history as a PNG with Java2D: two panels side by side, loss (left) and accuracy (right) per
 * epoch, training in blue and held-out in orange.
 */
final class HistoryChart {
    /** The image size in pixels. */
    static final int WIDTH = 1000;
    static final int HEIGHT = 420;

    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color HELD_OUT = new Color(255, 127, 14);

    private HistoryChart() {}

    /** Renders the chart and writes it atomically (a temporary file in the same directory, then a move). */
    static void write(TrainingHistory history, Path file) throws IOException {
        BufferedImage img = render(history);
        AtomicWrite.write(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
        });
    }

    static BufferedImage render(TrainingHistory history) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double[] vl = history.validationLoss();
            double[] va = history.validationAccuracy();
            panel(g, 0, "Loss", history.trainLoss(), vl, false);
            panel(g, WIDTH / 2, "Accuracy", history.trainAccuracy(), va, true);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void panel(Graphics2D g, int x0, String title, double[] train, double[] heldOut, boolean unit) {
        int left = x0 + 60;
        int right = x0 + WIDTH / 2 - 20;
        int top = 40;
        int bottom = HEIGHT - 50;
        double lo = unit ? 0 : Double.POSITIVE_INFINITY;
        double hi = unit ? 1 : Double.NEGATIVE_INFINITY;
        if (!unit) {
            for (double[] s : new double[][] {train, heldOut}) {
                for (double v : s) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (!(hi > lo)) {
                lo = Double.isFinite(lo) ? lo - 0.5 : 0;
                hi = lo + 1;
            }
            lo = Math.max(0, lo - 0.05 * (hi - lo));
            hi = hi + 0.05 * (hi - lo);
        }
        int n = Math.max(train.length, heldOut.length);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, left, top - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            int y = bottom - (int) Math.round((bottom - top) * i / 4.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(unit ? String.format("%.0f%%", v * 100) : String.format("%.2f", v), x0 + 10, y + 4);
        }
        for (int e = 0; e < n; e++) {
            int x = xOf(e, n, left, right);
            g.drawString(Integer.toString(e + 1), x - 3, bottom + 15);
        }
        g.drawString("epoch", (left + right) / 2 - 15, bottom + 32);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        series(g, train, n, lo, hi, left, right, top, bottom, TRAIN);
        series(g, heldOut, n, lo, hi, left, right, top, bottom, HELD_OUT);
        legend(g, "train", TRAIN, right - 170, top - 19);
        legend(g, "held out", HELD_OUT, right - 85, top - 19);
    }

    private static void legend(Graphics2D g, String label, Color color, int x, int y) {
        g.setColor(color);
        g.fillRect(x, y - 4, 18, 3);
        g.setColor(Color.DARK_GRAY);
        g.drawString(label, x + 24, y);
    }

    private static int xOf(int e, int n, int left, int right) {
        return n <= 1 ? (left + right) / 2 : left + 10 + (int) Math.round((right - left - 20) * (double) e / (n - 1));
    }

    private static void series(Graphics2D g, double[] s, int n, double lo, double hi, int left, int right, int top,
            int bottom, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (int e = 0; e < s.length; e++) {
            if (!Double.isFinite(s[e])) {
                px = -1;
                continue;
            }
            int x = xOf(e, n, left, right);
            int y = bottom - (int) Math.round((bottom - top) * (s[e] - lo) / (hi - lo));
            g.fillOval(x - 3, y - 3, 7, 7);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
