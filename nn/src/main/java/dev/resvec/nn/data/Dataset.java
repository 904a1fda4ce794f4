package dev.resvec.nn.data;

import java.util.List;

/**
 * A fixed, indexed collection of labelled images, each C×H×W floats (row-major planes, PyTorch's CHW layout) with
 * values in [0, 1] for the datasets of this package.
 *
 * <p>Implementations are immutable and safe to read from many threads at once: the {@link DataLoader} assembles a
 * batch on several threads.
 */
public interface Dataset {
    /** @return the number of images */
    int size();

    /** @return the class names; a label {@code k} names {@code classNames().get(k)} */
    List<String> classNames();

    /** @return the number of classes, {@code classNames().size()} */
    default int numClasses() {
        return classNames().size();
    }

    /** @return the shape of one image, {C, H, W} (a new array each call) */
    int[] imageShape();

    /** @return the number of floats in one image, C·H·W */
    default int imageElements() {
        int[] s = imageShape();
        return s[0] * s[1] * s[2];
    }

    /**
     * Writes image {@code index} into {@code dst[offset .. offset + imageElements())} as C×H×W floats.
     *
     * @param index  the image, in [0, size())
     * @param dst    where to write it
     * @param offset the first element written
     * @return the image's class label, in [0, numClasses())
     * @throws IndexOutOfBoundsException when {@code index} is out of range or the image does not fit in {@code dst}
     */
    int get(int index, float[] dst, int offset);

    /**
     * Returns the label of image {@code index}. The default decodes the image through {@link #get}; datasets that
     * keep labels apart override it.
     *
     * @param index the image, in [0, size())
     * @return its class label
     */
    default int label(int index) {
        return get(index, new float[imageElements()], 0);
    }
}
