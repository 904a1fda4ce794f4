package dev.resvec.nn.data;

import java.io.IOException;

/**
 * A dataset file or directory that does not hold what its format promises: a CIFAR-10 file whose size is not a
 * whole number of records or with a label out of range, an image no decoder reads, a class folder without images.
 * The message names the file (or directory), the record where there is one, and the numbers that do not fit.
 *
 * <p>It is a checked {@link IOException}, like the other failures of reading files.
 */
public final class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message the full message, naming the file */
    public DatasetFormatException(String message) {
        super(message);
    }

    /**
     * @param message the full message, naming the file
     * @param cause   the underlying error
     */
    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
