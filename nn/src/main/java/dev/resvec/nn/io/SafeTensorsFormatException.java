package dev.resvec.nn.io;

import java.io.IOException;

/**
 * A safetensors file (or byte array) that does not follow the format: truncated, a lying header length, a header
 * that is not the expected JSON, an unknown dtype, a shape that does not match its byte range, byte ranges that
 * overlap or leave holes. The message names the source, the tensor key where there is one, and the numbers that do
 * not fit, e.g. {@code model.safetensors: tensor "conv1.weight": shape [64, 3, 7, 7] F32 needs 37632 bytes but
 * data_offsets [0, 100] give 100}.
 *
 * <p>It is a checked {@link IOException}, like the other failures of reading a file: a caller that loads a
 * checkpoint handles a corrupt one where it handles a missing one.
 */
public final class SafeTensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message the full message, starting with the source's name */
    public SafeTensorsFormatException(String message) {
        super(message);
    }

    /**
     * @param message the full message, starting with the source's name
     * @param cause the parser's own error, kept for its position details
     */
    public SafeTensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
