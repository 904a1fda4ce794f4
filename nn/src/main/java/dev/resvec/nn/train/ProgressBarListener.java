package dev.resvec.nn.train;

import java.io.Console;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch, drawn by the progressbar library (https://github.com/ctongfei/progressbar):
 * the batches done, the epoch's running loss and accuracy, images per second and the time left; then one summary
 * line per epoch with the held-out loss and accuracy:
 * <pre>
 * epoch 3/30  62% [=========&gt;      ] 122/196 (0:00:41 / 0:00:25) loss 0.8412 acc 70.3% 1530 img/s lr 0.1
 * epoch 3/30  train loss 0.8120 acc 71.0%  held-out loss 0.7904 acc 72.4%  lr 0.1  64.2 s
 * </pre>
 * The bar refreshes from the library's own daemon thread; the summary lines are printed
 * on the training thread after each bar is closed.
 */
public final class ProgressBarListener implements TrainingListener {
    private final PrintStream out;
    private final int width;
    private final ProgressBarStyle style;
    private final int refreshMillis;
    private ProgressBar bar;
    private ClosingConsumer consumer;
    private Evaluation lastEvaluation;
    private int maxEpochs = -1;

    /**
     * Bars on standard error, updated in place by carriage returns. On a terminal ({@link Console#isTerminal()})
     * the library sizes them to its width (it asks the terminal through JLine, which on JDK 24+ loads a native
     * library: run with {@code --enable-native-access=ALL-UNNAMED} to silence the JDK's warning about it);
     * otherwise (a log file, a CI console) they are ASCII, 120 characters wide, and JLine is never loaded.
     */
    public ProgressBarListener() {
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        this.out = System.err;
        this.width = terminal ? -1 : 120;
        this.style = terminal ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII;
        this.refreshMillis = terminal ? 200 : 1000;
    }

    /**
     * Bars on a stream of one's choosing, in ASCII, a fixed width, carriage-return updates (no terminal queries):
     * for logs and tests.
     *
     * @param out           where to draw
     * @param width         the width of a bar line in characters, {@code >= 40}
     * @param refreshMillis how often the bar is redrawn, {@code > 0}
     * @throws IllegalArgumentException when {@code out} is null or a number is out of range
     */
    public ProgressBarListener(PrintStream out, int width, int refreshMillis) {
        if (out == null || width < 40 || refreshMillis <= 0) {
            throw new IllegalArgumentException("ProgressBarListener: expected a stream, a width >= 40 and a refresh"
                    + " interval > 0, got " + (out == null ? "no stream" : "a stream") + ", width " + width
                    + ", refresh " + refreshMillis + " ms");
        }
        this.out = out;
        this.width = width;
        this.style = ProgressBarStyle.ASCII;
        this.refreshMillis = refreshMillis;
    }

    @Override
    public void onEpochStart(int epoch, int maxEpochs, int batchCount, double lr) {
        closeBar();
        lastEvaluation = null;
        this.maxEpochs = maxEpochs;
        consumer = new ClosingConsumer(out, width);
        bar = new ProgressBarBuilder()
                .setTaskName(epochLabel(epoch, maxEpochs))
                .setInitialMax(batchCount)
                .setStyle(style)
                .setUpdateIntervalMillis(refreshMillis)
                .setConsumer(consumer)
                .build();
    }

    @Override
    public void onBatchEnd(BatchStats s) {
        if (bar == null) {
            return;
        }
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.1f%% %.0f img/s lr %s", s.epochLoss(),
                100 * s.epochAccuracy(), s.imagesPerSecond(), rate(s.lr())));
        bar.step();
    }

    @Override
    public void onEvaluation(int epoch, Evaluation result) {
        lastEvaluation = result;
    }

    @Override
    public void onEpochEnd(EpochStats s) {
        closeBar();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s  train loss %.4f acc %.1f%%",
                epochLabel(s.epoch(), maxEpochs), s.trainLoss(), 100 * s.trainAccuracy()));
        if (lastEvaluation != null) {
            line.append(String.format(Locale.ROOT, "  held-out loss %.4f acc %.1f%%", lastEvaluation.loss(),
                    100 * lastEvaluation.accuracy()));
        }
        line.append(String.format(Locale.ROOT, "  lr %s  %.1f s  %.0f img/s", rate(s.lr()), s.seconds(),
                s.imagesPerSecond()));
        stream().println(line);
        stream().flush();
    }

    @Override
    public void onTrainingEnd(TrainingHistory history) {
        closeBar();
        if (history.stoppedEarly()) {
            stream().println("stopped early: no held-out improvement since epoch " + (history.bestEpoch() + 1));
        }
        if (history.restoredBest()) {
            stream().println("restored the weights after epoch " + (history.bestEpoch() + 1) + " (held-out loss "
                    + String.format(Locale.ROOT, "%.4f", history.best().validationLoss()) + ")");
        }
        stream().flush();
    }

    /** @return the rate to 4 significant digits, without trailing zeros: 0.1, 0.09505, 0.00001 */
    static String rate(double lr) {
        if (lr == 0 || !Double.isFinite(lr)) {
            return String.valueOf(lr);
        }
        return new BigDecimal(lr).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private String epochLabel(int epoch, int maxEpochs) {
        return maxEpochs > 0 ? "epoch " + (epoch + 1) + "/" + maxEpochs : "epoch " + (epoch + 1);
    }

    private PrintStream stream() {
        return out;
    }

    /** Closes the bar: the library draws its final state and ends the line (or we do, see ClosingConsumer). */
    private void closeBar() {
        if (bar != null) {
            bar.close();
            consumer.ensureClosed();
            bar = null;
            consumer = null;
        }
    }
}
