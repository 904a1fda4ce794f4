package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;

/**
 * One 3×3, stride-1 correlation as the Winograd path computes it: input {@code batch × inChannels × height × width},
 * output {@code batch × outChannels × outHeight × outWidth}, output pixel (y, x) reading input rows
 * {@code y − padTop .. y − padTop + 2} and columns {@code x − padLeft .. x − padLeft + 2} (zero outside the input).
 * Unlike {@link ConvShape} the padding may be negative: the data gradient of a convolution padded by p &gt; 2 is a
 * correlation padded by 2 − p &lt; 0, i.e. a crop.
 *
 * <p>The output is cut into m×m tiles, {@link #tilesHigh()} × {@link #tilesWide()} per image; tiles at the right
 * and bottom edges may stick out of the output (their extra pixels are computed from zeros and dropped). Tiles are
 * numbered {@code (n·tilesHigh + ty)·tilesWide + tx}.
 *
 * @param batch       images
 * @param inChannels  input channels C
 * @param height      input height
 * @param width       input width
 * @param outChannels output channels K
 * @param outHeight   output height
 * @param outWidth    output width
 * @param padTop      input rows above the first output row's window (may be negative)
 * @param padLeft     input columns left of the first output column's window (may be negative)
 * @param variant     the algorithm (tile size)
 */
public record WinogradGeometry(int batch, int inChannels, int height, int width, int outChannels, int outHeight,
                               int outWidth, int padTop, int padLeft, WinogradVariant variant) {

    /** The forward convolution of a Winograd-shaped {@link ConvShape}. */
    public static WinogradGeometry forward(ConvShape s, WinogradVariant v) {
        return new WinogradGeometry(s.batch(), s.inChannels(), s.height(), s.width(), s.outChannels(), s.outHeight(),
                s.outWidth(), s.padH(), s.padW(), v);
    }

    /**
     * The data gradient of a Winograd-shaped {@link ConvShape}: {@code gradIn[c,y,x] = Σ_{k,r,s}
     * gradOut[k, y + p − r, x + p − s]·w[k,c,r,s]}, a correlation of {@code gradOut} (K channels) with the filters
     * flipped in both spatial dimensions and transposed (C×K), padded by {@code 2 − p}.
     */
    public static WinogradGeometry backwardData(ConvShape s, WinogradVariant v) {
        return new WinogradGeometry(s.batch(), s.outChannels(), s.outHeight(), s.outWidth(), s.inChannels(),
                s.height(), s.width(), 2 - s.padH(), 2 - s.padW(), v);
    }

    /** @return the output tile side m */
    public int m() {
        return variant.m();
    }

    /** @return tile rows per image, ⌈outHeight / m⌉ */
    public int tilesHigh() {
        return (outHeight + m() - 1) / m();
    }

    /** @return tile columns per image, ⌈outWidth / m⌉ */
    public int tilesWide() {
        return (outWidth + m() - 1) / m();
    }

    /** @return tiles per image */
    public int tilesPerImage() {
        return tilesHigh() * tilesWide();
    }

    /** @return tiles of the whole batch */
    public int tiles() {
        return batch * tilesPerImage();
    }

    /** @return elements of one input plane */
    public int inPlane() {
        return height * width;
    }

    /** @return elements of one output plane */
    public int outPlane() {
        return outHeight * outWidth;
    }
}
