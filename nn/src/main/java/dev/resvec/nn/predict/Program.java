package dev.resvec.nn.predict;

import java.util.List;

/**
 * A model compiled for inference, before any input size is known: batch norm folded, ReLU and residual adds
 * attached to the operations that produce them, values numbered (0 is the input). Immutable.
 *
 * @param name          the model's name, for messages
 * @param nodes         the operations in execution order
 * @param valueCount    the number of values (0: the input)
 * @param inputChannels the channels the input must have
 * @param outputFlat    whether the output is reported as N×(C·H·W) (after a flatten or a linear layer)
 */
record Program(String name, List<Node> nodes, int valueCount, int inputChannels, boolean outputFlat) {
    Program {
        nodes = List.copyOf(nodes);
    }

    /** @return the value the program returns: the last node's output */
    int outputValue() {
        return nodes.get(nodes.size() - 1).output();
    }
}
