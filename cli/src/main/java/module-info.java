/** The {@code resvec} command: a thin picocli front end over the library. */
module dev.resvec.cli {
    requires dev.resvec.kernels;
    requires info.picocli;
}
