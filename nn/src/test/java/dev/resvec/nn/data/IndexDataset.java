package dev.resvec.nn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A test dataset whose pixels tell where they come from: element (c, y, x) of image {@code i} is
 * {@code i·10000 + c·1000 + y·32 + x + 1} (exact in float for the sizes used), label {@code i mod classes}.
 */
class IndexDataset implements Dataset {
    final int size;
    final int channels;
    final int height;
    final int width;
    final int classes;

    IndexDataset(int size, int channels, int height, int width, int classes) {
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    static float value(int index, int c, int y, int x) {
        return index * 10000 + c * 1000 + y * 32 + x + 1;
    }

    /** @return the dataset index an untransformed image was made from */
    static int indexOf(float[] data, int offset) {
        return (int) ((data[offset] - 1) / 10000);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<String> classNames() {
        List<String> n = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            n.add("class" + k);
        }
        return n;
    }

    @Override
    public int[] imageShape() {
        return new int[] {channels, height, width};
    }

    @Override
    public int get(int index, float[] dst, int offset) {
        Objects.checkIndex(index, size);
        int p = offset;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    dst[p++] = value(index, c, y, x);
                }
            }
        }
        return index % classes;
    }
}
