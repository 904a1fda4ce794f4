package dev.resvec.nn.predict;

/**
 * One thread's buffers for one {@link Plan}: a float array per slot, sized for the largest batch this thread has
 * run, and the array and offset of every value for the current call. Steady-state calls (a batch no larger than
 * before) allocate nothing here. Used by one thread at a time (held in a {@link ThreadLocal}).
 */
final class Arena {
    private final Plan plan;
    private final float[][] slots;
    private final float[][] arrays;
    private final int[] offsets;
    private int capacity;

    Arena(Plan plan) {
        this.plan = plan;
        this.slots = new float[plan.slotPerImage().length][];
        this.arrays = new float[plan.valueCount()][];
        this.offsets = new int[plan.valueCount()];
    }

    /**
     * Points the values at this call's buffers: slots grown for {@code batch} images if needed, the input and the
     * output at the caller's arrays.
     */
    void bind(int batch, float[] in, int offIn, float[] out, int offOut) {
        if (batch > capacity) {
            int[] perImage = plan.slotPerImage();
            for (int s = 0; s < slots.length; s++) {
                long n = (long) perImage[s] * batch;
                if (n > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("Predictor: a batch of " + batch + " needs a buffer of " + n
                            + " floats, more than an array holds (2^31-1); split the batch");
                }
                slots[s] = null; // let the old buffer go before the larger one is allocated
                slots[s] = new float[(int) n];
            }
            capacity = batch;
            for (int v = 0; v < arrays.length; v++) {
                int l = plan.location(v);
                if (l >= 0) {
                    arrays[v] = slots[l];
                }
            }
        }
        arrays[0] = in;
        offsets[0] = offIn;
        arrays[plan.outputValue()] = out;
        offsets[plan.outputValue()] = offOut;
    }

    /** Drops the references to the caller's arrays, so the arena does not keep them alive. */
    void unbind() {
        arrays[0] = null;
        arrays[plan.outputValue()] = null;
    }

    /** @return the array value {@code v} lives in */
    float[] array(int v) {
        return arrays[v];
    }

    /** @return the offset of value {@code v}'s first element in {@link #array} */
    int offset(int v) {
        return offsets[v];
    }

    /** @return the batch the slots hold now */
    int capacity() {
        return capacity;
    }
}
