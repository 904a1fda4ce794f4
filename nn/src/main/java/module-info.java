/** Modules, layers, ResNet v1/v2, losses, optimizers, checkpoints and the inference predictor. */
module dev.resvec.nn {
    requires transitive dev.resvec.core;

    exports dev.resvec.nn;
    exports dev.resvec.nn.resnet;
}
