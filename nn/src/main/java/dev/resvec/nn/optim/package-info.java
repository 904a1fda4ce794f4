/**
 * Optimizers and learning-rate schedules with PyTorch's semantics: {@link dev.resvec.nn.optim.SGD} (momentum,
 * dampening, Nesterov, weight decay), {@link dev.resvec.nn.optim.AdamW} (decoupled weight decay, AMSGrad), and the
 * schedules {@link dev.resvec.nn.optim.StepLR}, {@link dev.resvec.nn.optim.MultiStepLR},
 * {@link dev.resvec.nn.optim.CosineAnnealingLR} and {@link dev.resvec.nn.optim.LinearWarmup}.
 *
 * <pre>{@code
 * SGD sgd = SGD.builder(model, 0.1).momentum(0.9).weightDecay(5e-4).build();
 * LrSchedule schedule = new LinearWarmup(new CosineAnnealingLR(epochs - 2), 2, 0.1);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     sgd.setLr(schedule.lr(0.1, epoch));
 *     for (Batch b : batches) {
 *         sgd.zeroGrad();
 *         model.apply(b.images()).crossEntropy(b.labels()).backward();
 *         sgd.step();
 *     }
 * }
 * }</pre>
 * ({@link dev.resvec.nn.train.Trainer} runs this loop, with evaluation, early stopping and listeners.)
 */
package dev.resvec.nn.optim;
