import re, os
os.chdir('/work/main/kernels/src/main/java/dev/resvec/kernels/vector')
def tail():
    L=[]
    L.append("        if (accumulate) {")
    for r in range(8):
        L.append(f"            c{r}0 = c{r}0.add(FloatVector.fromArray(F, c, ci + {r} * ldc));")
        L.append(f"            c{r}1 = c{r}1.add(FloatVector.fromArray(F, c, ci + {r} * ldc + VL));")
    L.append("        }")
    L.append("        if (rowBias != null) {")
    L.append("            float b;")
    for r in range(8):
        L.append(f"            b = rowBias[biasAt + {r}];")
        L.append(f"            c{r}0 = c{r}0.add(b); c{r}1 = c{r}1.add(b);")
    L.append("        }")
    L.append("        if (res != null) {")
    for r in range(8):
        L.append(f"            c{r}0 = c{r}0.add(FloatVector.fromArray(F, res, resAt + {r} * ldRes));")
        L.append(f"            c{r}1 = c{r}1.add(FloatVector.fromArray(F, res, resAt + {r} * ldRes + VL));")
    L.append("        }")
    L.append("        if (relu) {")
    for r in range(8):
        L.append(f"            c{r}0 = c{r}0.max(0f); c{r}1 = c{r}1.max(0f);")
    L.append("        }")
    for r in range(8):
        L.append(f"        c{r}0.intoArray(c, ci + {r} * ldc); c{r}1.intoArray(c, ci + {r} * ldc + VL);")
    return L
for fname, sig_b in [("SgemmMicrokernels.java","float[] bp, int bOff"),("SgemmSegmentMicrokernels.java","MemorySegment bp, long bOff")]:
    s=open(fname).read()
    i=s.index("    static void store8x2(")
    j=s.index("        int r0 = ci;", i)
    head=s[i:j]
    head=head.replace("static void store8x2(int kc, float[] ap, int aOff, "+sig_b+", float[] c, int ci, int ldc) {",
        "static void epilogue8x2(int kc, float[] ap, int aOff, "+sig_b+", float[] c, int ci, int ldc,\n                            boolean accumulate, float[] rowBias, int biasAt, float[] res, int resAt, int ldRes,\n                            boolean relu) {")
    doc='''    /**
     * The 8×(2·VL) tile with the write-back's last step fused (see {@code VectorSgemm}): C := acc (+ C where
     * {@code accumulate}), then + the row's bias, + the residual tile, ReLU, in that order (the order of the scratch
     * tile's write-back, so the same bits); {@code rowBias} and {@code res} may be null.
     */
'''
    method=doc+head+"\n".join(tail())+"\n    }\n\n"
    k=s.rindex("    /**", 0, s.index("    static void accumulate8x2("))
    s=s[:k]+method+s[k:]
    open(fname,'w').write(s)
p='SgemmTile.java'
s=open(p).read()
anchor="    /** C := acc + C over the tile. */\n    static void accumulate(int kc, float[] ap, int aOff, float[] bp"
add='''    /**
     * C := the write-back's last step over the tile, fused into the microkernel: acc (+ C where
     * {@code accumulate}), + the row's bias, + the residual tile, ReLU; on the 8×2 tile only.
     */
    static void epilogue(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc,
                         boolean accumulate, float[] rowBias, int biasAt, float[] res, int resAt, int ldRes,
                         boolean relu) {
        SgemmMicrokernels.epilogue8x2(kc, ap, aOff, bp, bOff, c, ci, ldc, accumulate, rowBias, biasAt, res, resAt,
                ldRes, relu);
    }

    /** {@link #epilogue} with B in a segment. */
    static void epilogue(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc,
                         boolean accumulate, float[] rowBias, int biasAt, float[] res, int resAt, int ldRes,
                         boolean relu) {
        SgemmSegmentMicrokernels.epilogue8x2(kc, ap, aOff, bp, bOff, c, ci, ldc, accumulate, rowBias, biasAt, res,
                resAt, ldRes, relu);
    }

'''
s=s.replace(anchor, add+anchor,1)
open(p,'w').write(s)
p='VectorSgemm.java'
s=open(p).read()
for variant in ["float[] bp, int bOff, GemmWriteBack wb, int i, int j,\n                               int mr, int nr, boolean first, boolean last, float[] tile) {\n        if (fromRegisters(wb, mr, nr, first, last)) {",
                "MemorySegment bp, long bOff, GemmWriteBack wb, int i,\n                               int j, int mr, int nr, boolean first, boolean last, float[] tile) {\n        if (fromRegisters(wb, mr, nr, first, last)) {"]:
    assert variant in s, variant
    s=s.replace(variant, variant.replace("        if (fromRegisters(wb, mr, nr, first, last)) {",
'''        if (fusesEpilogue(wb, mr, nr, first, last)) {
            int ci = wb.offC + i * wb.ldc + j;
            touchTile(wb.c, ci, wb.ldc);
            SgemmTile.epilogue(kc, ap, aOff, bp, bOff, wb.c, ci, wb.ldc, !first || wb.beta == 1f,
                    wb.biasKind == 1 ? wb.bias : null, wb.offBias + i, wb.res, wb.offRes + i * wb.ldRes + j, wb.ldRes,
                    wb.relu);
            return;
        }
        if (fromRegisters(wb, mr, nr, first, last)) {'''),1)
anchor="    /** Writes the scratch tile's mr × nr part through the general write-back"
add='''    /**
     * Whether the last depth block's whole tile goes straight from the registers through its epilogue (bias per row,
     * residual, ReLU) rather than through the scratch tile: the 8×2 tile, alpha 1, beta 0 or 1, no per-column bias.
     */
    private static boolean fusesEpilogue(GemmWriteBack wb, int mr, int nr, boolean first, boolean last) {
        return MR == 8 && mr == MR && nr == NR && last && wb.hasEpilogue() && wb.alpha == 1f && wb.biasKind != 2
                && (!first || wb.beta == 0f || wb.beta == 1f);
    }

'''
s=s.replace(anchor, add+anchor,1)
open(p,'w').write(s)
