package dev.resvec.bench.report.run;

import dev.resvec.bench.report.JsonFields;
import dev.resvec.bench.report.JsonValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the JVM peers are on this machine ({@link EnvironmentProbe} {@code peers}, run as a child so that the
 * parent never loads a native library): each field is what loaded, or null with the matching error set.
 *
 * @param openblasCore     OpenBLAS's auto-detected core, e.g. {@code Haswell}
 * @param openblasConfig   its build line
 * @param openblasPath     the library opened
 * @param openblasError    why it did not load
 * @param netlibJava       netlib's Java implementation in a JVM with the Vector API ({@code VectorBLAS})
 * @param netlibNative     its native implementation ({@code JNIBLAS})
 * @param netlibLibraries  the BLAS libraries the native one mapped
 * @param netlibError      why either did not load
 * @param ejml             EJML's version
 * @param ejmlError        why not
 * @param onnxruntime      ONNX Runtime's version
 * @param onnxruntimeError why not
 */
record PeersInfo(String openblasCore, String openblasConfig, String openblasPath, String openblasError,
                 String netlibJava, String netlibNative, String netlibLibraries, String netlibError, String ejml,
                 String ejmlError, String onnxruntime, String onnxruntimeError) {

    static PeersInfo probe(List<String> jvmArgs, Path log) throws IOException {
        ChildProcess.Result r = ChildProcess.run(ChildProcess.java(jvmArgs, EnvironmentProbe.class.getName(),
                "peers"), log, 120);
        if (r.exitCode() != 0) {
            String why = "the peer probe failed (exit " + r.exitCode() + "): " + ChildProcess.tail(log, 3);
            return new PeersInfo(null, null, null, why, null, null, null, why, null, why, null, why);
        }
        JsonFields j = new JsonFields(JsonValues.parse(r.stdout().trim()), "peer probe", "peers");
        JsonFields ob = j.obj("openblas"), nl = j.obj("netlib"), ej = j.obj("ejml"), ort = j.obj("onnxruntime");
        String netlibError = nl.has("javaError") ? nl.string("javaError") : nl.optString("nativeError");
        return new PeersInfo(ob.optString("corename"), ob.optString("config"), ob.optString("path"),
                ob.optString("error"), nl.optString("java"), nl.optString("native"), nl.optString("nativeLibraries"),
                netlibError, ej.optString("version"), ej.optString("error"), ort.optString("version"),
                ort.optString("error"));
    }
}
