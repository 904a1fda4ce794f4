package dev.resvec.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.nn.Linear;
import dev.resvec.nn.data.Batch;
import dev.resvec.nn.optim.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console listener draws a bar per epoch through the progressbar library, then a summary line. */
class ProgressBarListenerTest {

    @Test
    void drawsBarsAndSummaries() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Linear model = new Linear(2, 2);
        model.resetParameters(3);
        List<Batch> train = Synthetic.blobs(1, 4, 16);
        Trainer.builder(model, SGD.builder(model, 0.05).build()).epochs(20)
                .earlyStopping(EarlyStopping.patience(1))
                .listener(new ProgressBarListener(out, 120, 50)).build()
                .fit(BatchSource.of(train), Synthetic.flipped(train));
        String text = bytes.toString(StandardCharsets.UTF_8);
        // the bar: the library's rendering of the task name, the count of batches and our message
        assertTrue(text.contains("epoch 1/20") && text.contains("4/4"), text);
        assertTrue(text.matches("(?s).* img/s lr 0\\.05[\r\n].*"), text);
        assertTrue(text.matches("(?s).*loss \\d\\.\\d{4} acc \\d+\\.\\d%.*"), text);
        // the summaries, on lines of their own
        assertTrue(text.matches("(?s).*\nepoch 1/20  train loss \\d\\.\\d{4} acc \\d+\\.\\d%"
                + "  held-out loss \\d\\.\\d{4} acc \\d+\\.\\d%  lr 0\\.05  \\d+\\.\\d s  \\d+ img/s\n.*"), text);
        assertTrue(text.contains("\nepoch 2/20  train loss "), text);
        assertTrue(text.contains("stopped early: no held-out improvement since epoch 1\n"), text);
        assertTrue(text.contains("restored the weights after epoch 1 (held-out loss "), text);
    }

    /** progressbar 0.10.2 may skip the line end of a bar closed before its first refresh; we end it then. */
    @Test
    void aBarLineIsEndedExactlyOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ClosingConsumer skipped = new ClosingConsumer(out, 80);
        skipped.accept("bar");
        skipped.ensureClosed();
        ClosingConsumer closed = new ClosingConsumer(out, 80);
        closed.accept("bar");
        closed.close();
        closed.ensureClosed();
        assertEquals("\rbar" + System.lineSeparator() + "\rbar" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ratesAreShort() {
        assertEquals("0.1", ProgressBarListener.rate(0.1));
        assertEquals("0.09505", ProgressBarListener.rate(0.09504844339512096));
        assertEquals("0.0", ProgressBarListener.rate(0));
        assertEquals("0.00001", ProgressBarListener.rate(1e-5));
        assertEquals("250", ProgressBarListener.rate(250));
    }

    @Test
    void rejectsBadSettings() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ProgressBarListener(System.out, 10, 100));
        assertTrue(e.getMessage().contains("width >= 40"), e.getMessage());
    }
}
