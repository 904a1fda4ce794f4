package dev.resvec.nn.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Program} bound to one input size: the per-image shape of every value, the steps (filters prepared for
 * this size), and where each value lives. Immutable and shared by every thread that runs the predictor.
 *
 * <p>Buffers: value 0 is the caller's input and the program's output value is the caller's output array; every
 * other value lives in a numbered slot of the per-thread {@link Arena}. Slots are assigned once, in execution
 * order, from the values' last uses: a value's slot is free again after its last reader, and a node that may
 * work in place (ReLU, batch-norm affine, a residual added in place) takes over the slot of an input it reads
 * last. A ResNet then needs four slots whatever its depth, each as large as the largest value it holds.
 */
final class Plan {
    /** {@link #location} of the caller's input. */
    static final int INPUT = -1;
    /** {@link #location} of the caller's output array. */
    static final int OUTPUT = -2;

    private final Dims input;
    private final Dims output;
    private final Step[] steps;
    private final int[] location;
    private final int[] slotPerImage;
    private final int valueCount;
    private final int outputValue;

    private Plan(Dims input, Dims output, Step[] steps, int[] location, int[] slotPerImage, int valueCount,
                 int outputValue) {
        this.input = input;
        this.output = output;
        this.steps = steps;
        this.location = location;
        this.slotPerImage = slotPerImage;
        this.valueCount = valueCount;
        this.outputValue = outputValue;
    }

    /**
     * @return the per-image shape of every value for an input of this size
     * @throws IllegalArgumentException naming the first layer the size does not fit
     */
    static Dims[] shapes(Program program, int height, int width) {
        Dims[] dims = new Dims[program.valueCount()];
        dims[0] = new Dims(program.inputChannels(), height, width);
        for (Node n : program.nodes()) {
            Dims out = n.outDims(dims[n.input()]);
            if (n.residual() >= 0 && !out.equals(dims[n.residual()])) {
                throw new IllegalArgumentException("Predictor: the residual added at '" + n.name() + "' is "
                        + dims[n.residual()] + " but the output is " + out);
            }
            dims[n.output()] = out;
        }
        return dims;
    }

    /**
     * Binds a program to an input size: shapes, prepared filters, slots.
     *
     * @throws IllegalArgumentException naming the first layer the size does not fit
     */
    static Plan bind(Program program, int height, int width) {
        Dims[] dims = shapes(program, height, width);
        List<Node> nodes = program.nodes();
        Step[] steps = new Step[nodes.size()];
        for (int i = 0; i < steps.length; i++) {
            Node n = nodes.get(i);
            steps[i] = n.bind(dims[n.input()]);
        }
        int outputValue = program.outputValue();
        int[] location = assignSlots(program, outputValue);
        int slots = 0;
        for (int l : location) {
            slots = Math.max(slots, l + 1);
        }
        int[] slotPerImage = new int[slots];
        for (int v = 0; v < location.length; v++) {
            if (location[v] >= 0) {
                slotPerImage[location[v]] = Math.max(slotPerImage[location[v]], dims[v].size());
            }
        }
        return new Plan(dims[0], dims[outputValue], steps, location, slotPerImage, program.valueCount(),
                outputValue);
    }

    /** Linear-scan slot assignment from last uses; see the class comment. */
    private static int[] assignSlots(Program program, int outputValue) {
        List<Node> nodes = program.nodes();
        int[] lastUse = new int[program.valueCount()];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            lastUse[n.input()] = i;
            if (n.residual() >= 0) {
                lastUse[n.residual()] = i;
            }
        }
        int[] location = new int[program.valueCount()];
        location[0] = INPUT;
        List<Integer> holder = new ArrayList<>(); // slot -> value held, or -1 when free
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            int out = n.output();
            int candidate = n.inPlace();
            if (out == outputValue) {
                location[out] = OUTPUT;
            } else if (candidate >= 0 && lastUse[candidate] == i && location[candidate] >= 0) {
                location[out] = location[candidate];
                holder.set(location[out], out);
            } else {
                int free = holder.indexOf(-1);
                if (free < 0) {
                    free = holder.size();
                    holder.add(-1);
                }
                holder.set(free, out);
                location[out] = free;
            }
            // Inputs read for the last time free their slot now, after the output took one: a node's output never
            // shares a buffer with an input it does not declare as in place.
            for (int v : new int[] {n.input(), n.residual()}) {
                if (v >= 0 && lastUse[v] == i && location[v] >= 0 && holder.get(location[v]) == v) {
                    holder.set(location[v], -1);
                }
            }
            if (lastUse[out] < 0 && out != outputValue && holder.get(location[out]) == out) {
                holder.set(location[out], -1); // written, never read (cannot happen for a compiled model)
            }
        }
        return location;
    }

    /** @return the per-image input shape */
    Dims input() {
        return input;
    }

    /** @return the per-image output shape */
    Dims output() {
        return output;
    }

    Step[] steps() {
        return steps;
    }

    /** @return where each value lives: a slot index, {@link #INPUT} or {@link #OUTPUT} */
    int location(int value) {
        return location[value];
    }

    /** @return the floats per image of each slot */
    int[] slotPerImage() {
        return slotPerImage;
    }

    int valueCount() {
        return valueCount;
    }

    int outputValue() {
        return outputValue;
    }

    /** @return floats of scratch one image needs (all slots) */
    long scratchPerImage() {
        long n = 0;
        for (int s : slotPerImage) {
            n += s;
        }
        return n;
    }
}
