/** Modules, layers, ResNet v1/v2, losses, optimizers, checkpoints and the inference predictor. */
module dev.resvec.nn {
    requires transitive dev.resvec.core;
    requires com.fasterxml.jackson.core;
    requires me.tongfei.progressbar;
    requires java.desktop;

    exports dev.resvec.nn;
    exports dev.resvec.nn.data;
    exports dev.resvec.nn.io;
    exports dev.resvec.nn.optim;
    exports dev.resvec.nn.predict;
    exports dev.resvec.nn.resnet;
    exports dev.resvec.nn.train;
}
