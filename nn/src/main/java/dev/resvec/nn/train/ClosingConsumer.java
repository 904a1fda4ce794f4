package dev.resvec.nn.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The library's carriage-return console consumer, remembering whether it was closed. progressbar 0.10.2 skips the
 * consumer's close (the line end) when a bar is closed before its first scheduled refresh ran (a short epoch):
 * {@code ProgressUpdateAction.run} returns after that first render without looking at whether the bar is still
 * alive. {@link #ensureClosed()} ends the line in that case.
 */
final class ClosingConsumer implements ProgressBarConsumer {
    private final ConsoleProgressBarConsumer delegate;
    private volatile boolean closed;

    /**
     * @param out   where to draw
     * @param width the line width, or -1 for the terminal's (asked through JLine)
     */
    ClosingConsumer(PrintStream out, int width) {
        this.delegate = new ConsoleProgressBarConsumer(out, width);
    }

    @Override
    public int getMaxRenderedLength() {
        return delegate.getMaxRenderedLength();
    }

    @Override
    public void accept(String rendered) {
        delegate.accept(rendered);
    }

    @Override
    public void close() {
        closed = true;
        delegate.close();
    }

    /** Ends the line when the library did not (call after {@code ProgressBar.close()} returned). */
    void ensureClosed() {
        if (!closed) {
            close();
        }
    }
}
