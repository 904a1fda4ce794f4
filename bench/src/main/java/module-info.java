/** JMH benchmarks for the kernels; JMH instantiates and reflects over the benchmark classes, hence open. */
open module dev.resvec.bench {
    requires dev.resvec.kernels;
    requires dev.resvec.core;
    requires dev.resvec.nn;
    requires jmh.core;
}
