package dev.resvec.nn.data;

import java.util.List;
import java.util.Objects;

/** A view of some images of another dataset, in the order of an index array. */
final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    Subset(Dataset base, int[] indices) {
        this.base = base;
        this.indices = indices;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public int[] imageShape() {
        return base.imageShape();
    }

    @Override
    public int imageElements() {
        return base.imageElements();
    }

    @Override
    public int get(int index, float[] dst, int offset) {
        return base.get(indices[Objects.checkIndex(index, indices.length)], dst, offset);
    }

    @Override
    public int label(int index) {
        return base.label(indices[Objects.checkIndex(index, indices.length)]);
    }
}
