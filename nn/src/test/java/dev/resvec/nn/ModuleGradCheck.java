package dev.resvec.nn;

import dev.resvec.core.DType;
import dev.resvec.core.GradCheck;
import dev.resvec.core.GradCheckReport;
import dev.resvec.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric gradient check of a whole module: the input and every parameter are the inputs of
 * {@link GradCheck#check}, which the check's function puts into the module's slots before each forward (the check
 * works on its own copies, so the leaves it differentiates must be the ones the forward reads).
 */
public final class ModuleGradCheck {
    private ModuleGradCheck() {}

    /**
     * @param model a FLOAT64 module, in the mode to check (batch norm: training uses batch statistics)
     * @param input a FLOAT64 input; its gradient is checked too
     * @return the report; the model's parameters are restored afterwards
     */
    public static GradCheckReport check(GradCheck check, Module model, Tensor input) {
        if (model.dtype() != DType.FLOAT64 || input.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("ModuleGradCheck: expected a FLOAT64 model and input, got "
                    + model.dtype() + " and " + input.dtype());
        }
        List<TensorSlot> slots = new ArrayList<>(model.namedParameterSlots().values());
        List<Tensor> saved = new ArrayList<>();
        Tensor[] inputs = new Tensor[slots.size() + 1];
        inputs[0] = Tensor.fromArray(input.toDoubleArray(), input.shape()).requiresGrad(true);
        for (int i = 0; i < slots.size(); i++) {
            saved.add(slots.get(i).get());
            inputs[i + 1] = slots.get(i).get();
        }
        try {
            return check.check(in -> {
                for (int i = 0; i < slots.size(); i++) {
                    slots.get(i).set(in[i + 1]);
                }
                return model.forward(in[0]);
            }, inputs);
        } finally {
            for (int i = 0; i < slots.size(); i++) {
                slots.get(i).set(saved.get(i));
            }
        }
    }
}
