/**
 * JMH benchmarks for the kernels and networks, their peers (netlib-java, EJML, OpenBLAS through FFM, ONNX Runtime,
 * PyTorch through a script), and the performance report built from them ({@code resvec bench}). JMH instantiates
 * and reflects over the benchmark classes, hence open.
 */
open module dev.resvec.bench {
    requires dev.resvec.kernels;
    requires dev.resvec.core;
    requires dev.resvec.nn;
    requires jmh.core;
    requires org.knowm.xchart;
    requires com.fasterxml.jackson.core;
    requires java.desktop;
    requires java.management;
    requires jdk.management;
    requires dev.ludovic.netlib.blas;
    requires ejml.core;
    requires ejml.fdense;
    requires com.microsoft.onnxruntime;

    exports dev.resvec.bench to dev.resvec.cli;
    exports dev.resvec.bench.report;
    exports dev.resvec.bench.report.run;
}
