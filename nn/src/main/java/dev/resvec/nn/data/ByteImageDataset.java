package dev.resvec.nn.data;

import java.util.List;
import java.util.Objects;

/**
 * Images held in memory as bytes (0–255, C×H×W per image, one array for all), returned as {@code byte / 255f}: the
 * storage of the file-backed datasets, a quarter of the memory of floats.
 */
final class ByteImageDataset implements Dataset {
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param pixels     the images, {@code labels.length · C·H·W} bytes (kept, not copied)
     * @param labels     the label of each image (kept, not copied), each in [0, classNames.size())
     * @param classNames the class names
     */
    ByteImageDataset(byte[] pixels, int[] labels, List<String> classNames, int channels, int height, int width) {
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("ByteImageDataset: " + pixels.length + " pixel bytes for "
                    + labels.length + " images of " + channels + "×" + height + "×" + width);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int[] imageShape() {
        return new int[] {channels, height, width};
    }

    @Override
    public int imageElements() {
        return channels * height * width;
    }

    @Override
    public int get(int index, float[] dst, int offset) {
        Objects.checkIndex(index, labels.length);
        int n = imageElements();
        Objects.checkFromIndexSize(offset, n, dst.length);
        int src = index * n;
        for (int i = 0; i < n; i++) {
            dst[offset + i] = (pixels[src + i] & 0xFF) / 255f;
        }
        return labels[index];
    }

    @Override
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }
}
