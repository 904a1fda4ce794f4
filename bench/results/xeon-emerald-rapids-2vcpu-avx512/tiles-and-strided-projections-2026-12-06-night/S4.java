import jdk.incubator.vector.*;
import java.util.*;
public class S4 {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16;
    static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) { return a.fma(b, c); }
    static void block3(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += cs, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01); a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11); a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21); a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31); a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41); a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51); a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61); a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71); a72 = madd(b, x2, a72);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL); a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL); a12.intoArray(out, o + st + 2 * VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL); a22.intoArray(out, o + 2 * st + 2 * VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL); a32.intoArray(out, o + 3 * st + 2 * VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL); a42.intoArray(out, o + 4 * st + 2 * VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL); a52.intoArray(out, o + 5 * st + 2 * VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL); a62.intoArray(out, o + 6 * st + 2 * VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL); a72.intoArray(out, o + 7 * st + 2 * VL);
    }
    static void block2(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += cs, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL);
    }
    static void block3c3264(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += 3264, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01); a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11); a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21); a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31); a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41); a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51); a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61); a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71); a72 = madd(b, x2, a72);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL); a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL); a12.intoArray(out, o + st + 2 * VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL); a22.intoArray(out, o + 2 * st + 2 * VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL); a32.intoArray(out, o + 3 * st + 2 * VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL); a42.intoArray(out, o + 4 * st + 2 * VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL); a52.intoArray(out, o + 5 * st + 2 * VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL); a62.intoArray(out, o + 6 * st + 2 * VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL); a72.intoArray(out, o + 7 * st + 2 * VL);
    }
    static void block2c3264(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += 3264, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL);
    }
    static void block3c864(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += 864, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01); a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11); a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21); a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31); a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41); a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51); a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61); a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71); a72 = madd(b, x2, a72);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL); a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL); a12.intoArray(out, o + st + 2 * VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL); a22.intoArray(out, o + 2 * st + 2 * VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL); a32.intoArray(out, o + 3 * st + 2 * VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL); a42.intoArray(out, o + 4 * st + 2 * VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL); a52.intoArray(out, o + 5 * st + 2 * VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL); a62.intoArray(out, o + 6 * st + 2 * VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL); a72.intoArray(out, o + 7 * st + 2 * VL);
    }
    static void block2c864(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += 864, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL);
    }
    static void block3c240(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += 240, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01); a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11); a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21); a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31); a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41); a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51); a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61); a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71); a72 = madd(b, x2, a72);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL); a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL); a12.intoArray(out, o + st + 2 * VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL); a22.intoArray(out, o + 2 * st + 2 * VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL); a32.intoArray(out, o + 3 * st + 2 * VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL); a42.intoArray(out, o + 4 * st + 2 * VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL); a52.intoArray(out, o + 5 * st + 2 * VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL); a62.intoArray(out, o + 6 * st + 2 * VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL); a72.intoArray(out, o + 7 * st + 2 * VL);
    }
    static void block2c240(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += 240, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71);
            }
            wt += cb * 8;
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL);
    }
    static void block1(float[] x, int[] tapOff, int taps, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F), a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        for (int t = 0, wi = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOff[t] + j; c < cb; c++, xi += cs, wi += 8) {
                FloatVector v = FloatVector.fromArray(F, x, xi);
                a0 = madd(FloatVector.broadcast(F, w[wi]), v, a0);
                a1 = madd(FloatVector.broadcast(F, w[wi + 1]), v, a1);
                a2 = madd(FloatVector.broadcast(F, w[wi + 2]), v, a2);
                a3 = madd(FloatVector.broadcast(F, w[wi + 3]), v, a3);
                a4 = madd(FloatVector.broadcast(F, w[wi + 4]), v, a4);
                a5 = madd(FloatVector.broadcast(F, w[wi + 5]), v, a5);
                a6 = madd(FloatVector.broadcast(F, w[wi + 6]), v, a6);
                a7 = madd(FloatVector.broadcast(F, w[wi + 7]), v, a7);
            }
        }
        a0.intoArray(out, o); a1.intoArray(out, o + st); a2.intoArray(out, o + 2 * st); a3.intoArray(out, o + 3 * st);
        a4.intoArray(out, o + 4 * st); a5.intoArray(out, o + 5 * st); a6.intoArray(out, o + 6 * st); a7.intoArray(out, o + 7 * st);
    }
    // batch of images, C->K 3x3 s1 p1 on HxH; planes per image [c][s][(H+2) rows][H]
    static void conv(float[] planes, int B, int C, int K, int H, float[] w, float[] out, int mode) {
        int ps = (H + 2) * H, cs = 3 * ps, n = H * H, kbs = K / 8, img = C * cs;
        int[] tapOff = new int[9];
        for (int r = 0; r < 3; r++) for (int s = 0; s < 3; s++) tapOff[r * 3 + s] = s * ps + r * H;
        for (int b = 0; b < B; b++) { int[] to = new int[9]; for (int i = 0; i < 9; i++) to[i] = tapOff[i] + b * img;
            for (int kb = 0; kb < kbs; kb++) { int wOff = kb * 9 * C * 8, o = (b * K + kb * 8) * n;
                if (mode == 5) { int j = 0; for (; j + 48 <= n; j += 48) { if (cs == 3264) block3c3264(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); else if (cs == 864) block3c864(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); else block3c240(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); }
                    for (; j < n; j += 16) block1(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); }
                else if (mode == 4) { for (int j = 0; j < n; j += 32) { if (cs == 3264) block2c3264(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); else if (cs == 864) block2c864(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); else block2c240(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); } }
                else if (mode == 3) { int j = 0; for (; j + 48 <= n; j += 48) block3(planes, to, 9, C, cs, j, w, wOff, out, o + j, n);
                    for (; j < n; j += 16) block1(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); }
                else if (mode == 2) { for (int j = 0; j < n; j += 32) block2(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); }
                else { for (int j = 0; j < n; j += 16) block1(planes, to, 9, C, cs, j, w, wOff, out, o + j, n); }
            } }
    }
    public static void main(String[] a) {
        int[][] L = {{16,32},{32,16},{64,8}};
        int B = 64;
        for (int[] l : L) {
            int C = l[0], K = l[0], H = l[1];
            Random r = new Random(1);
            float[] planes = new float[B * C * 3 * (H + 2) * H + 64], w = new float[K * C * 9];
            for (int i = 0; i < planes.length; i++) planes[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            float[] o3 = new float[B * K * H * H], o2 = new float[o3.length];
            double flops = 2.0 * B * K * C * 9 * H * H;
            StringBuilder sb = new StringBuilder();
            for (int round = 0; round < 4; round++) { sb.setLength(0); sb.append(Arrays.toString(l));
                for (int mode = 5; mode >= 1; mode--) { final int m = mode; float[] o = mode == 3 ? o3 : o2;
                    double t = time(() -> conv(planes, B, C, K, H, w, o, m));
                    sb.append(String.format("  %s %.3f ms %.0f GF", new String[]{"","1v","2v","3v","2v-const","3v-const"}[mode], t, flops / t / 1e6)); } }
            conv(planes, B, C, K, H, w, o3, 3); conv(planes, B, C, K, H, w, o2, 2);
            System.out.println(sb + " same=" + Arrays.equals(o3, o2));
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[300]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 500_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}
