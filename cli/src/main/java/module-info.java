/** The {@code resvec} command: a thin picocli front end over the library. */
module dev.resvec.cli {
    requires dev.resvec.kernels;
    requires dev.resvec.nn;
    requires dev.resvec.bench;
    requires com.fasterxml.jackson.core;
    requires java.desktop;
    requires org.knowm.xchart;
    requires info.picocli;

    // picocli reads and sets the @Command/@Option fields by reflection.
    opens dev.resvec.cli to info.picocli;
}
