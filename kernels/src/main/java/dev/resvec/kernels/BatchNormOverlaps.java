package dev.resvec.kernels;

import dev.resvec.kernels.Overlap.Region;
import dev.resvec.kernels.Overlap.Rule;

/**
 * Which outputs of {@link BatchNorm} may share elements with which arguments ({@link Overlap}), for its float and
 * double entries alike; null (optional) arrays take part in nothing. Called after the lengths were checked.
 *
 * <p>In place ({@link Rule#IN_PLACE}), from the kernels' order of reads and writes (scalar, vector and double):
 * <ul>
 *   <li>a data-sized output's last pass reads each element of its data-sized inputs before it writes the output's
 *       element at the same index (the statistics were taken before), and threads own whole channels: the forward
 *       output may be x or the residual, the input gradient may be gradOut, x or reluOut, and the masked gradient
 *       may be gradOut or reluOut;</li>
 *   <li>but the masked gradient is written while x is still to be read (for the sums, and by the input gradient's
 *       pass), so it shares nothing with x; and in the training backward, when a fused ReLU's masked gradient has
 *       no array of its own, the float kernels keep it in gradIn before x is read again, so gradIn shares nothing
 *       with x there either;</li>
 *   <li>{@code foldedScaleShift} reads a channel's four inputs before it writes its scale and shift, so either may be
 *       any of them;</li>
 *   <li>the per-channel outputs of the training passes (saved and running statistics, gamma's and beta's
 *       gradients) are written while the other channels are still to be read, and share nothing with any other
 *       argument (the running statistics are read and updated in place as themselves);</li>
 *   <li>no two outputs share an element.</li>
 * </ul>
 */
final class BatchNormOverlaps {
    private final String call;
    private final long total;
    private final int channels;

    private BatchNormOverlaps(String call, int batch, int channels, int spatial) {
        this.call = call;
        this.total = (long) batch * channels * spatial;
        this.channels = channels;
    }

    private Region data(String name, Object array, int off) {
        return Region.contiguous(name, array, off, total);
    }

    private Region perChannel(String name, Object array, int off) {
        return Region.contiguous(name, array, off, channels);
    }

    /** The training forward's out, saved statistics and running statistics. */
    static void trainingForward(int batch, int channels, int spatial, Object x, int offX, Object gamma, int offGamma,
                                Object beta, int offBeta, Object residual, int offResidual, Object out, int offOut,
                                Object saveMean, int offSaveMean, Object saveInvStd, int offSaveInvStd,
                                Object runningMean, int offRunningMean, Object runningVar, int offRunningVar) {
        BatchNormOverlaps b = new BatchNormOverlaps("BatchNorm.trainingForward", batch, channels, spatial);
        Region xr = b.data("x", x, offX), res = b.data("residual", residual, offResidual);
        Region g = b.perChannel("gamma", gamma, offGamma), bt = b.perChannel("beta", beta, offBeta);
        Region o = b.data("out", out, offOut);
        Region mean = b.perChannel("saveMean", saveMean, offSaveMean);
        Region invStd = b.perChannel("saveInvStd", saveInvStd, offSaveInvStd);
        Region rMean = b.perChannel("runningMean", runningMean, offRunningMean);
        Region rVar = b.perChannel("runningVar", runningVar, offRunningVar);
        Overlap.check(b.call, o, Rule.IN_PLACE, xr, res);
        Overlap.check(b.call, o, Rule.APART, g, bt);
        b.apartFromAll(new Region[] {xr, res, g, bt}, o, mean, invStd, rMean, rVar);
    }

    /**
     * The backward's gradients: the training one (saveMean and saveInvStd given, runningMean and runningVar null) or
     * the inference one (the other way round).
     */
    static void backward(boolean training, int batch, int channels, int spatial, Object x, int offX, Object gradOut,
                         int offG, Object reluOut, int offReluOut, Object gradMasked, int offGradMasked,
                         Object saveMean, int offSaveMean, Object saveInvStd, int offSaveInvStd, Object gamma,
                         int offGamma, Object runningMean, int offRunningMean, Object runningVar, int offRunningVar,
                         Object gradIn, int offGradIn, Object gradGamma, int offGradGamma, Object gradBeta,
                         int offGradBeta) {
        BatchNormOverlaps b = new BatchNormOverlaps(training ? "BatchNorm.backward" : "BatchNorm.inferenceBackward",
                batch, channels, spatial);
        Region xr = b.data("x", x, offX), g = b.data("gradOut", gradOut, offG);
        Region y = b.data("reluOut", reluOut, offReluOut);
        Region[] perChannelInputs = {b.perChannel("saveMean", saveMean, offSaveMean),
                b.perChannel("saveInvStd", saveInvStd, offSaveInvStd), b.perChannel("gamma", gamma, offGamma),
                b.perChannel("runningMean", runningMean, offRunningMean),
                b.perChannel("runningVar", runningVar, offRunningVar)};
        Region gIn = b.data("gradIn", gradIn, offGradIn), masked = b.data("gradMasked", gradMasked, offGradMasked);
        Region gGamma = b.perChannel("gradGamma", gradGamma, offGradGamma);
        Region gBeta = b.perChannel("gradBeta", gradBeta, offGradBeta);
        // the training backward keeps a masked gradient that has no array of its own in gradIn, over x
        boolean maskedInGradIn = training && reluOut != null && gradMasked == null;
        Overlap.check(b.call, gIn, Rule.IN_PLACE, g, y);
        Overlap.check(b.call, gIn, maskedInGradIn ? Rule.APART : Rule.IN_PLACE, xr);
        Overlap.check(b.call, gIn, Rule.APART, perChannelInputs);
        Overlap.check(b.call, masked, Rule.IN_PLACE, g, y);
        Overlap.check(b.call, masked, Rule.APART, xr);
        Overlap.check(b.call, masked, Rule.APART, perChannelInputs);
        Overlap.check(b.call, gIn, Rule.OUTPUTS, masked, gGamma, gBeta);
        Overlap.check(b.call, masked, Rule.OUTPUTS, gGamma, gBeta);
        Region[] inputs = {xr, g, y, perChannelInputs[0], perChannelInputs[1], perChannelInputs[2],
                perChannelInputs[3], perChannelInputs[4]};
        b.apartFromAll(inputs, null, gGamma, gBeta);
    }

    /** The inference forward's out. */
    static void inferenceForward(int batch, int channels, int spatial, Object x, int offX, Object gamma, int offGamma,
                                 Object beta, int offBeta, Object runningMean, int offRunningMean, Object runningVar,
                                 int offRunningVar, Object residual, int offResidual, Object out, int offOut) {
        BatchNormOverlaps b = new BatchNormOverlaps("BatchNorm.inferenceForward", batch, channels, spatial);
        Region o = b.data("out", out, offOut);
        Overlap.check(b.call, o, Rule.IN_PLACE, b.data("x", x, offX), b.data("residual", residual, offResidual));
        Overlap.check(b.call, o, Rule.APART, b.perChannel("gamma", gamma, offGamma),
                b.perChannel("beta", beta, offBeta), b.perChannel("runningMean", runningMean, offRunningMean),
                b.perChannel("runningVar", runningVar, offRunningVar));
    }

    /** foldedScaleShift's scale and shift: each may be any input, not the other. */
    static void foldedScaleShift(int channels, Object gamma, int offGamma, Object beta, int offBeta,
                                 Object runningMean, int offRunningMean, Object runningVar, int offRunningVar,
                                 Object scale, int offScale, Object shift, int offShift) {
        BatchNormOverlaps b = new BatchNormOverlaps("BatchNorm.foldedScaleShift", 1, channels, 1);
        Region[] inputs = {b.perChannel("gamma", gamma, offGamma), b.perChannel("beta", beta, offBeta),
                b.perChannel("runningMean", runningMean, offRunningMean),
                b.perChannel("runningVar", runningVar, offRunningVar)};
        Region sc = b.perChannel("scale", scale, offScale), sh = b.perChannel("shift", shift, offShift);
        Overlap.check(b.call, sc, Rule.IN_PLACE, inputs);
        Overlap.check(b.call, sh, Rule.IN_PLACE, inputs);
        Overlap.check(b.call, sc, Rule.OUTPUTS, sh);
    }

    /**
     * Per-channel outputs that share nothing with any input, nor with {@code earlier} (an output already checked
     * against its inputs) or with each other.
     */
    private void apartFromAll(Region[] inputs, Region earlier, Region... outputs) {
        for (int i = 0; i < outputs.length; i++) {
            Overlap.check(call, outputs[i], Rule.APART, inputs);
            if (earlier != null) {
                Overlap.check(call, earlier, Rule.OUTPUTS, outputs[i]);
            }
            for (int j = i + 1; j < outputs.length; j++) {
                Overlap.check(call, outputs[i], Rule.OUTPUTS, outputs[j]);
            }
        }
    }
}
