package dev.resvec.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backward pass: an iterative topological sort of the graph behind a tensor, then each node's backward in
 * reverse topological order, the gradients of a tensor used several times summed in that fixed order.
 *
 * <p>Gradients are never modified in place: a second contribution makes a new sum. So a node may hand the same
 * tensor to several inputs, and a leaf may receive the very gradient a node returned, without a copy; the one
 * copy made is for a leaf that would otherwise share storage with the caller's gradient or another leaf's.
 */
final class Autograd {
    private Autograd() {}

    static void backward(Tensor root, Tensor gradient) {
        if (gradient == null) {
            throw new IllegalArgumentException("backward: the gradient is null");
        }
        root.checkLive("backward");
        gradient.checkLive("backward (the gradient)");
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor (shape " + Shapes.str(root.shape)
                    + ") does not require a gradient: no input of the computation had requiresGrad(true), or it was"
                    + " computed in a NoGrad scope");
        }
        if (!Arrays.equals(root.shape, gradient.shape) || root.dtype != gradient.dtype) {
            throw new IllegalArgumentException("backward: the gradient has shape " + Shapes.str(gradient.shape) + " "
                    + gradient.dtype + ", the tensor " + Shapes.str(root.shape) + " " + root.dtype);
        }
        Set<Object> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        claimed.add(storage(gradient));
        if (root.isLeaf()) {
            accumulateLeaf(root, gradient, claimed);
            return;
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        pending.put(root, gradient);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int t = order.size() - 1; t >= 0; t--) {
                Tensor node = order.get(t);
                Function fn = node.creator();
                Tensor g = pending.remove(node);
                if (g == null) { // cannot happen: every node of the sort feeds the root
                    throw new IllegalStateException("backward: no gradient reached " + fn.name());
                }
                Tensor[] inputs = fn.inputs();
                boolean[] needs = fn.needsGrad();
                Tensor[] grads = fn.runBackward(g);
                check(fn, inputs, needs, grads);
                for (int i = 0; i < inputs.length; i++) {
                    if (!needs[i]) {
                        continue;
                    }
                    Tensor in = inputs[i];
                    if (in.isLeaf()) {
                        accumulateLeaf(in, grads[i], claimed);
                    } else {
                        Tensor before = pending.get(in);
                        pending.put(in, before == null ? grads[i] : TensorMath.add(before, grads[i]));
                    }
                }
                fn.release();
            }
        }
    }

    /** @return the non-leaf tensors behind root, each after every tensor it was computed from (root last) */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        checkNotReleased(root);
        stack.add(root);
        next.add(0);
        visited.add(root);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor node = stack.get(top);
            Tensor[] inputs = node.creator().inputs();
            int i = next.get(top);
            while (i < inputs.length && (inputs[i].isLeaf() || !inputs[i].requiresGrad()
                    || visited.contains(inputs[i]))) {
                i++;
            }
            if (i == inputs.length) {
                order.add(node);
                stack.remove(top);
                next.remove(top);
            } else {
                next.set(top, i + 1);
                Tensor child = inputs[i];
                checkNotReleased(child);
                visited.add(child);
                stack.add(child);
                next.add(0);
            }
        }
        return order;
    }

    private static void checkNotReleased(Tensor t) {
        if (t.creator().isReleased()) {
            throw new IllegalStateException("backward: the graph through " + t.creator().name() + " (output shape "
                    + Shapes.str(t.shape) + ") was already released by a previous backward(); run the forward"
                    + " computation again to build a new graph");
        }
    }

    private static void check(Function fn, Tensor[] inputs, boolean[] needs, Tensor[] grads) {
        if (grads == null || grads.length != inputs.length) {
            throw new IllegalStateException(fn.name() + ".backward returned " + (grads == null ? "null" : grads.length
                    + " gradients") + " for " + inputs.length + " inputs");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!needs[i]) {
                continue;
            }
            Tensor g = grads[i];
            if (g == null) {
                throw new IllegalStateException(fn.name() + ".backward returned no gradient for input " + i
                        + ", which needs one");
            }
            if (!Arrays.equals(g.shape, inputs[i].shape) || g.dtype != inputs[i].dtype) {
                throw new IllegalStateException(fn.name() + ".backward returned a gradient of shape "
                        + Shapes.str(g.shape) + " " + g.dtype + " for input " + i + " of shape "
                        + Shapes.str(inputs[i].shape) + " " + inputs[i].dtype);
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g, Set<Object> claimed) {
        Tensor old = leaf.grad();
        Tensor next;
        if (old != null) {
            old.checkLive("backward (adding to the gradient a leaf already holds; zeroGrad() it before this backward)");
            next = TensorMath.add(old, g);
        } else if (claimed.contains(storage(g))) {
            next = TensorMath.copy(g);
        } else {
            next = g.shape == leaf.shape ? g : g.withShape(leaf.shape); // fresh, unshared storage: adopt it
        }
        if (next.requiresGrad() || !next.isLeaf()) {
            next = next.alias();
        }
        claimed.add(storage(next));
        leaf.setGrad(next);
    }

    private static Object storage(Tensor t) {
        return t.f != null ? t.f : t.d;
    }
}
